//! The stable price keys the cost models ask for. A key names a price, never a number.

/// Fargate vCPU-hour for a platform, e.g. `fargate.vcpu_hour.linux.x86_64`.
pub fn fargate_vcpu_hour(spot: bool, os: &str, arch: &str) -> String {
    format!("{}.vcpu_hour.{os}.{arch}", fargate_prefix(spot))
}

/// Fargate GB-hour for a platform.
pub fn fargate_gb_hour(spot: bool, os: &str, arch: &str) -> String {
    format!("{}.gb_hour.{os}.{arch}", fargate_prefix(spot))
}

fn fargate_prefix(spot: bool) -> &'static str {
    if spot { "fargate_spot" } else { "fargate" }
}

pub const FARGATE_WINDOWS_LICENSE: &str = "fargate.windows_os_license_vcpu_hour";
pub const FARGATE_EPHEMERAL_STORAGE: &str = "fargate.ephemeral_storage_gb_hour";

/// The prefix of RDS instance-hour keys for an engine and deployment; the class follows.
pub fn rds_instance_prefix(engine: &str, deployment: &str) -> String {
    format!("rds.instance_hour.{engine}.{deployment}.")
}

pub fn rds_instance_hour(engine: &str, deployment: &str, class: &str) -> String {
    format!("{}{class}", rds_instance_prefix(engine, deployment))
}

/// Transfer out of the table's region to `to_region`, per GB (priced at the source region).
pub fn inter_region_out_gb(to_region: &str) -> String {
    format!("{INTER_REGION_OUT_PREFIX}{to_region}")
}

pub fn rds_storage_gb_month(storage_type: &str, deployment: &str) -> String {
    format!("rds.storage_gb_month.{storage_type}.{deployment}")
}

pub fn rds_iops_month(storage_type: &str, deployment: &str) -> String {
    format!("rds.iops_month.{storage_type}.{deployment}")
}

pub fn rds_throughput_mibps_month(storage_type: &str, deployment: &str) -> String {
    format!("rds.throughput_mibps_month.{storage_type}.{deployment}")
}

pub const RDS_BACKUP_STORAGE: &str = "rds.backup_storage_gb_month";
/// Magnetic (previous-generation) storage I/O requests, per million.
pub const RDS_MAGNETIC_IO_REQUESTS: &str = "rds.magnetic_io_request_million";

/// Aurora cluster storage: `standard` or `io_optimized`.
pub fn rds_aurora_storage_gb_month(configuration: &str) -> String {
    format!("rds.aurora_storage_gb_month.{configuration}")
}

pub const RDS_AURORA_IO_REQUESTS: &str = "rds.aurora_io_request_million";
pub const RDS_AURORA_BACKUP_STORAGE: &str = "rds.aurora_backup_storage_gb_month";
pub const RDS_AURORA_BACKTRACK: &str = "rds.aurora_backtrack_change_million";

/// Aurora surplus CPU credits of burstable classes: `standard` or `io_optimized`.
pub fn rds_aurora_cpu_credit_vcpu_hour(configuration: &str) -> String {
    format!("rds.aurora_cpu_credit_vcpu_hour.{configuration}")
}

/// RDS Extended Support per vCPU-hour: `year1_2` or `year3`.
pub fn rds_extended_support_vcpu_hour(engine: &str, year: &str) -> String {
    format!("rds.extended_support_vcpu_hour.{engine}.{year}")
}
pub const RDS_CPU_CREDIT: &str = "rds.cpu_credit_vcpu_hour";

/// The prefix of ElastiCache node-hour keys for an engine; the node type follows.
pub fn elasticache_node_prefix(engine: &str) -> String {
    format!("elasticache.node_hour.{engine}.")
}

pub fn elasticache_node_hour(engine: &str, node_type: &str) -> String {
    format!("{}{node_type}", elasticache_node_prefix(engine))
}

pub const ELASTICACHE_BACKUP_STORAGE: &str = "elasticache.backup_storage_gb_month";
pub const ALB_HOUR: &str = "alb.hour";
pub const ALB_LCU_HOUR: &str = "alb.lcu_hour";
pub const NAT_GATEWAY_HOUR: &str = "nat.gateway_hour";
pub const NAT_DATA_PROCESSED: &str = "nat.data_processed_gb";
pub const INTERNET_OUT: &str = "data_transfer.internet_out_gb";
pub const INTERNET_OUT_FREE: &str = "data_transfer.internet_out_free_gb";
pub const INTER_AZ: &str = "data_transfer.inter_az_gb";
/// The prefix of the per-destination inter-region keys, `data_transfer.inter_region_out_gb.<to_region>`.
pub const INTER_REGION_OUT_PREFIX: &str = "data_transfer.inter_region_out_gb.";
pub const CW_LOGS_INGESTED_STANDARD: &str = "cloudwatch.logs_ingested_gb.standard";
pub const CW_LOGS_INGESTED_IA: &str = "cloudwatch.logs_ingested_gb.infrequent_access";
pub const CW_LOGS_STORED: &str = "cloudwatch.logs_stored_gb_month";
pub const CW_LOGS_INSIGHTS: &str = "cloudwatch.logs_insights_scanned_gb";
pub const CW_CUSTOM_METRIC: &str = "cloudwatch.custom_metric_month";
pub const CW_ALARM_STANDARD: &str = "cloudwatch.alarm_month.standard";
pub const CW_ALARM_HIGH_RES: &str = "cloudwatch.alarm_month.high_resolution";
pub const CW_DASHBOARD: &str = "cloudwatch.dashboard_month";
pub const CW_API_REQUEST: &str = "cloudwatch.api_request";
pub const SECRETS_MANAGER_SECRET: &str = "secrets_manager.secret_month";
pub const SECRETS_MANAGER_API: &str = "secrets_manager.api_request";
pub const ECR_STORAGE: &str = "ecr.storage_gb_month";
pub const PUBLIC_IPV4_HOUR: &str = "vpc.public_ipv4_hour";
pub const VPC_ENDPOINT_AZ_HOUR: &str = "vpc.interface_endpoint_az_hour";
pub const VPC_ENDPOINT_GB: &str = "vpc.interface_endpoint_gb";
