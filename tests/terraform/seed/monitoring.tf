# Ten CloudWatch alarms (the baseline's `alarms = 10`): per service CPU and memory (8) and the
# database's CPU and free storage (2).
locals {
  alarms = [
    { name = "api-cpu", namespace = "AWS/ECS", metric = "CPUUtilization", threshold = 80 },
    { name = "api-memory", namespace = "AWS/ECS", metric = "MemoryUtilization", threshold = 80 },
    { name = "worker-cpu", namespace = "AWS/ECS", metric = "CPUUtilization", threshold = 80 },
    { name = "worker-memory", namespace = "AWS/ECS", metric = "MemoryUtilization", threshold = 80 },
    { name = "scheduler-cpu", namespace = "AWS/ECS", metric = "CPUUtilization", threshold = 80 },
    { name = "scheduler-memory", namespace = "AWS/ECS", metric = "MemoryUtilization", threshold = 80 },
    { name = "notifier-cpu", namespace = "AWS/ECS", metric = "CPUUtilization", threshold = 80 },
    { name = "notifier-memory", namespace = "AWS/ECS", metric = "MemoryUtilization", threshold = 80 },
    { name = "db-cpu", namespace = "AWS/RDS", metric = "CPUUtilization", threshold = 80 },
    { name = "db-free-storage", namespace = "AWS/RDS", metric = "FreeStorageSpace", threshold = 10000000000 },
  ]
}

resource "aws_cloudwatch_metric_alarm" "main" {
  count               = length(local.alarms)
  alarm_name          = local.alarms[count.index].name
  namespace           = local.alarms[count.index].namespace
  metric_name         = local.alarms[count.index].metric
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = local.alarms[count.index].metric == "FreeStorageSpace" ? "LessThanThreshold" : "GreaterThanThreshold"
  threshold           = local.alarms[count.index].threshold
}
