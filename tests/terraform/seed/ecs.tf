# The ECS cluster and its four Fargate services ("ECS Service Configuration" in the seed), one
# call of modules/service each.
locals {
  services = {
    api       = { desired_count = 2, cpu = 512, memory = 1024, port = 4000 }
    worker    = { desired_count = 5, cpu = 256, memory = 512, port = 4001 }
    scheduler = { desired_count = 1, cpu = 256, memory = 512, port = 4002 }
    notifier  = { desired_count = 2, cpu = 256, memory = 512, port = 4003 }
  }
}

resource "aws_ecs_cluster" "main" {
  name = "production"
}

resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_iam_role" "task_execution" {
  name = "ecs-task-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

module "service" {
  source   = "./modules/service"
  for_each = local.services

  name               = each.key
  cluster_arn        = aws_ecs_cluster.main.arn
  desired_count      = each.value.desired_count
  cpu                = each.value.cpu
  memory             = each.value.memory
  port               = each.value.port
  image              = "${aws_ecr_repository.app.repository_url}:${each.key}"
  execution_role_arn = aws_iam_role.task_execution.arn
  subnet_ids         = aws_subnet.private[*].id
  security_group_ids = [aws_security_group.ecs.id]
  # only the API is behind the load balancer
  target_group_arn = each.key == "api" ? aws_lb_target_group.api.arn : null
}
