resource "aws_ecs_cluster" "main" {
  name = "shapes"
}

# The cluster's default capacity provider strategy: 1 task on FARGATE, then 1:3 FARGATE:FARGATE_SPOT.
resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 1
  }
  default_capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 3
  }
}

locals {
  # every spelling of cpu and memory Terraform passes through to ECS
  task_shapes = {
    api = { cpu = "1 vCPU", memory = "2 GB", arch = "ARM64", os = "LINUX" }
    web = { cpu = "1024", memory = "2048", arch = "X86_64", os = "WINDOWS_SERVER_2019_CORE" }
  }
}

# for_each task definitions and services: aws_ecs_service.svc["api"], aws_ecs_service.svc["web"].
resource "aws_ecs_task_definition" "svc" {
  for_each                 = local.task_shapes
  family                   = each.key
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory

  runtime_platform {
    cpu_architecture        = each.value.arch
    operating_system_family = each.value.os
  }

  container_definitions = jsonencode([{
    name      = each.key
    image     = "public.ecr.aws/docker/library/busybox:latest"
    essential = true
  }])
}

resource "aws_ecs_service" "svc" {
  for_each = local.task_shapes
  name     = each.key
  cluster  = aws_ecs_cluster.main.id
  # by ARN: unknown until apply, resolved through the configuration's references
  task_definition = aws_ecs_task_definition.svc[each.key].arn
  desired_count   = each.key == "api" ? 3 : 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets = aws_subnet.private[*].id
  }
}

# A Linux/x86 task with 50 GB of ephemeral storage (30 GB beyond the 20 GB included).
resource "aws_ecs_task_definition" "batch" {
  family                   = "batch"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"

  ephemeral_storage {
    size_in_gib = 50
  }

  container_definitions = jsonencode([{
    name      = "batch"
    image     = "public.ecr.aws/docker/library/busybox:latest"
    essential = true
  }])
}

# An explicit capacity provider strategy: 1 task on FARGATE, the rest 1:4 FARGATE:FARGATE_SPOT.
# The task definition is referenced by its family (known at plan time).
resource "aws_ecs_service" "spot" {
  name            = "spot"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.batch.family
  desired_count   = 6

  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 1
  }
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 4
  }

  network_configuration {
    subnets = aws_subnet.private[*].id
  }
}

# No launch type and no strategy: the cluster's default capacity provider strategy applies.
resource "aws_ecs_service" "default_strategy" {
  name            = "default-strategy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.batch.arn
  desired_count   = 4

  network_configuration {
    subnets = aws_subnet.private[*].id
  }

  depends_on = [aws_ecs_cluster_capacity_providers.main]
}

# EC2 launch type: its tasks run on container instances, not Fargate (to be skipped with a reason).
resource "aws_ecs_task_definition" "ec2" {
  family                   = "on-ec2"
  requires_compatibilities = ["EC2"]
  network_mode             = "bridge"
  container_definitions = jsonencode([{
    name      = "on-ec2"
    image     = "public.ecr.aws/docker/library/busybox:latest"
    essential = true
    cpu       = 256
    memory    = 512
  }])
}

resource "aws_ecs_service" "ec2" {
  name            = "on-ec2"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.ec2.arn
  desired_count   = 2
  launch_type     = "EC2"
}

# An EXTERNAL deployment controller service and its task set: the task set's tasks (50 % of the
# service's desired count) are what run.
resource "aws_ecs_service" "external" {
  name          = "external"
  cluster       = aws_ecs_cluster.main.id
  desired_count = 4

  deployment_controller {
    type = "EXTERNAL"
  }
}

resource "aws_ecs_task_set" "external" {
  service         = aws_ecs_service.external.id
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.batch.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets = aws_subnet.private[*].id
  }

  scale {
    unit  = "PERCENT"
    value = 50
  }
}
