//! Building the account of a plan's resources ([`crate::model::PlanAccount`]): the free types,
//! and the totals by unsupported type.

pub use crate::model::{PlanAccount as Account, PlanResource, PlanStatus as Status};

/// AWS resource types that cost nothing by themselves.
pub const FREE_TYPES: &[&str] = &[
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc",
    "aws_subnet",
    "aws_default_vpc",
    "aws_default_subnet",
    "aws_default_security_group",
    "aws_default_network_acl",
    "aws_default_route_table",
    "aws_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_internet_gateway",
    "aws_internet_gateway_attachment",
    "aws_egress_only_internet_gateway",
    "aws_vpc_dhcp_options",
    "aws_vpc_dhcp_options_association",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_eip_association",
    "aws_vpc_endpoint_route_table_association",
    "aws_lb_listener",
    "aws_lb_listener_rule",
    "aws_lb_listener_certificate",
    "aws_lb_target_group",
    "aws_lb_target_group_attachment",
    "aws_alb_listener",
    "aws_alb_listener_rule",
    "aws_alb_target_group",
    "aws_alb_target_group_attachment",
    "aws_ecs_cluster",
    "aws_ecs_cluster_capacity_providers",
    "aws_ecs_task_definition",
    "aws_ecs_account_setting_default",
    "aws_db_subnet_group",
    "aws_db_parameter_group",
    "aws_db_option_group",
    "aws_rds_cluster_parameter_group",
    "aws_elasticache_subnet_group",
    "aws_elasticache_parameter_group",
    "aws_elasticache_user",
    "aws_elasticache_user_group",
    "aws_cloudwatch_log_stream",
    "aws_cloudwatch_log_resource_policy",
    "aws_cloudwatch_log_data_protection_policy",
    "aws_cloudwatch_log_subscription_filter",
    "aws_cloudwatch_log_metric_filter",
    "aws_secretsmanager_secret_version",
    "aws_secretsmanager_secret_policy",
    "aws_secretsmanager_secret_rotation",
    "aws_ecr_lifecycle_policy",
    "aws_ecr_repository_policy",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy",
    "aws_iam_policy_attachment",
    "aws_iam_instance_profile",
    "aws_iam_user",
    "aws_iam_user_policy",
    "aws_iam_user_policy_attachment",
    "aws_iam_group",
    "aws_iam_group_policy",
    "aws_iam_group_membership",
    "aws_iam_group_policy_attachment",
    "aws_iam_openid_connect_provider",
    "aws_iam_service_linked_role",
    "aws_iam_access_key",
    "aws_appautoscaling_target",
    "aws_appautoscaling_policy",
    "aws_appautoscaling_scheduled_action",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_cors_configuration",
    "aws_s3_bucket_website_configuration",
    "aws_s3_bucket_notification",
    "aws_s3_account_public_access_block",
    "aws_key_pair",
    "aws_placement_group",
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_kms_alias",
    "aws_acm_certificate_validation",
];

/// Providers whose resources are not AWS infrastructure and cost nothing on the bill.
pub const FREE_PROVIDERS: &[&str] = &[
    "random",
    "null",
    "local",
    "time",
    "tls",
    "terraform",
    "external",
    "http",
    "archive",
    "template",
];

/// Whether a resource of this type (of this provider) is free.
pub fn is_free(kind: &str, provider: &str) -> bool {
    let short = provider.rsplit('/').next().unwrap_or(provider);
    FREE_PROVIDERS.contains(&short) || FREE_TYPES.contains(&kind)
}

/// Fills the account's totals by unsupported type (most resources first, then by type).
pub fn finish(account: &mut Account) {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in account
        .resources
        .iter()
        .filter(|r| r.status == Status::Unsupported)
    {
        *counts.entry(r.kind.as_str()).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    account.unsupported_types = v;
}
