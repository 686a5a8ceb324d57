#!/usr/bin/env python3
"""Writes tests/fixtures/bills/seed-2026-11.cur2.csv: a CUR 2.0 CSV of the seed topology
(scenarios/baseline.toml) for 2026-11, typed by hand, at the estimate's own usage except:

  - Fargate vCPU billed at 0.0400 USD/vCPU-hour instead of the table's 0.04048 (a price change):
    2,190 vCPU-hours, 87.60 billed vs 88.6512 estimated  -> price effect -1.0512
  - NAT gateway data processed 40% above the estimate: 140 GB x 0.045 = 6.30 vs 4.50
                                                            -> usage effect +1.80
  - an S3 bucket the topology does not have: 200 GB-month x 0.023 = 4.60 (not in the topology)
  - a credit of -25.00 and a tax line of +30.00 (kept apart from usage)
  - one EC2 instance of another project (tag user_Project=billing): 50.00, not in the topology

Every other line is the estimate's quantity at the bundled us-east-1 table's rate, with the region
prefixes real bills carry (USE1- for most services, none for RDS/ElastiCache instance usage).
Worked totals (tests/integration/actual.rs checks them):
  estimate 395.6533; matched usage 396.4021; billed usage 451.0021; billed total 456.0021;
  variance +60.3488 = price -1.0512 + usage +1.80 + unestimated 54.60 + charges +5.00.
  With --tag Project=orders (usage lines of the seed and the S3 bucket are tagged; credit and tax
  are not): billed total 401.0021, variance +5.3488.
Run:  python3 tests/bills/make_seed_actual.py
"""

import csv
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "bills",
                   "seed-2026-11.cur2.csv")
ORDERS = {"user_Project": "orders"}
# (type, product code, usage type, operation, region, amount, cost, unit, tags)
LINES = [
    ("Usage", "AmazonECS", "USE1-Fargate-vCPU-Hours:perCPU", "FargateTask", "us-east-1", "2190", "87.60", "hours", ORDERS),
    ("Usage", "AmazonECS", "USE1-Fargate-GB-Hours", "FargateTask", "us-east-1", "4380", "19.4691", "GB-Hours", ORDERS),
    ("Usage", "AmazonRDS", "Multi-AZUsage:db.t3.medium", "CreateDBInstance:0014", "us-east-1", "730", "105.12", "Hrs", ORDERS),
    ("Usage", "AmazonRDS", "RDS:Multi-AZ-GP2-Storage", "CreateDBInstance:0014", "us-east-1", "100", "23.00", "GB-Mo", ORDERS),
    ("Usage", "AmazonElastiCache", "NodeUsage:cache.t3.micro", "CreateCacheCluster:0002", "us-east-1", "1460", "24.82", "NodeHour", ORDERS),
    ("Usage", "AWSELB", "USE1-LoadBalancerUsage", "LoadBalancing:Application", "us-east-1", "730", "16.425", "Hrs", ORDERS),
    ("Usage", "AWSELB", "USE1-LCUUsage", "LoadBalancing:Application", "us-east-1", "146", "1.168", "LCU-Hrs", ORDERS),
    ("Usage", "AmazonEC2", "USE1-NatGateway-Hours", "NatGateway", "us-east-1", "1460", "65.70", "Hrs", ORDERS),
    ("Usage", "AmazonEC2", "USE1-NatGateway-Bytes", "NatGateway", "us-east-1", "140", "6.30", "GB", ORDERS),
    ("Usage", "AmazonEC2", "DataTransfer-Out-Bytes", "RunInstances", "us-east-1", "100", "9.00", "GB", ORDERS),
    ("Usage", "AmazonEC2", "DataTransfer-Regional-Bytes", "InterZone-In", "us-east-1", "50", "0.50", "GB", ORDERS),
    ("Usage", "AmazonEC2", "DataTransfer-Regional-Bytes", "InterZone-Out", "us-east-1", "50", "0.50", "GB", ORDERS),
    ("Usage", "AmazonCloudWatch", "USE1-DataProcessing-Bytes", "PutLogEvents", "us-east-1", "30", "15.00", "GB", ORDERS),
    ("Usage", "AmazonCloudWatch", "USE1-TimedStorage-ByteHrs", "HourlyStorageMetering", "us-east-1", "30", "0.90", "GB-Mo", ORDERS),
    ("Usage", "AmazonCloudWatch", "USE1-CW:MetricMonitorUsage", "MetricStorage", "us-east-1", "10", "3.00", "Metrics", ORDERS),
    ("Usage", "AmazonCloudWatch", "USE1-CW:AlarmMonitorUsage", "Unknown", "us-east-1", "10", "1.00", "Alarms", ORDERS),
    ("Usage", "AWSSecretsManager", "USE1-AWSSecretsManager-Secrets", "StorageSecret", "us-east-1", "4", "1.60", "Secrets", ORDERS),
    ("Usage", "AWSSecretsManager", "USE1-AWSSecretsManagerAPIRequest", "GetSecretValue", "us-east-1", "100000", "0.50", "API Requests", ORDERS),
    ("Usage", "AmazonECR", "USE1-TimedStorage-ByteHrs", "", "us-east-1", "2", "0.20", "GB-Mo", ORDERS),
    ("Usage", "AmazonVPC", "USE1-PublicIPv4:InUseAddress", "AssociateAddressVPC", "us-east-1", "2920", "14.60", "Hrs", ORDERS),
    ("Usage", "AmazonS3", "USE1-TimedStorage-ByteHrs", "StandardStorage", "us-east-1", "200", "4.60", "GB-Mo", ORDERS),
    ("Usage", "AmazonEC2", "USE1-BoxUsage:t3.small", "RunInstances", "us-east-1", "2400", "50.00", "Hrs", {"user_Project": "billing"}),
    ("Credit", "AmazonEC2", "", "", "", "0", "-25.00", "", {}),
    ("Tax", "AmazonEC2", "", "", "", "0", "30.00", "", {}),
]
COLUMNS = ["identity_line_item_id", "bill_billing_period_start_date", "bill_billing_period_end_date",
           "line_item_usage_account_id", "line_item_line_item_type", "line_item_product_code",
           "line_item_usage_type", "line_item_operation", "product_region_code",
           "line_item_usage_amount", "line_item_unblended_cost", "line_item_currency_code",
           "pricing_unit", "product", "resource_tags"]

with open(OUT, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(COLUMNS)
    for i, (t, code, ut, op, region, amount, cost, unit, tags) in enumerate(LINES):
        w.writerow([f"seed{i}", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "011254002932",
                    t, code, ut, op, region, amount, cost, "USD", unit,
                    json.dumps({"region_code": region} if region else {}), json.dumps(tags)])
