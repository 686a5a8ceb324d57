# One app slot: a NAT gateway (count) with its Elastic IP, and a worker (a second-level module).
variable "name" { type = string }
variable "cluster_arn" { type = string }
variable "public_subnet_id" { type = string }
variable "private_subnet_id" { type = string }

resource "aws_eip" "this" {
  count  = 1
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = 1
  allocation_id = aws_eip.this[count.index].id
  subnet_id     = var.public_subnet_id
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/shapes/${var.name}"
  retention_in_days = 7
}

# module.app["blue"].module.worker.aws_ecs_service.this
module "worker" {
  source      = "../worker"
  name        = "${var.name}-worker"
  cluster_arn = var.cluster_arn
  subnet_id   = var.private_subnet_id
}
