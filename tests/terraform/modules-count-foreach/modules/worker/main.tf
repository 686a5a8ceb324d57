# A small Fargate worker (0.25 vCPU, 0.5 GB, one task).
variable "name" { type = string }
variable "cluster_arn" { type = string }
variable "subnet_id" { type = string }

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = var.name
    image     = "public.ecr.aws/docker/library/busybox:latest"
    essential = true
  }])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets = [var.subnet_id]
  }
}
