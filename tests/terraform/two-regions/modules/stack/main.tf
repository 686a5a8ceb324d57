# One regional stack: VPC, a NAT gateway, an ALB and an NLB, RDS MySQL, an Aurora PostgreSQL
# cluster with a writer and a reader, and a Memcached cluster. The region is the provider's.
variable "name" { type = string }
variable "azs" { type = list(string) }
variable "cidr" { type = string }
variable "aurora_storage_type" {
  type        = string
  description = "\"\" (Aurora standard) or \"aurora-iopt1\" (I/O-Optimized)"
}
variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = var.azs[count.index]
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, 10 + count.index)
  availability_zone = var.azs[count.index]
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
  depends_on    = [aws_internet_gateway.this]
}

resource "aws_security_group" "lb" {
  name   = "${var.name}-lb"
  vpc_id = aws_vpc.this.id
}

# `aws_alb` is the older name of `aws_lb`; both appear in real code.
resource "aws_alb" "web" {
  name               = "${var.name}-web"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.lb.id]
  subnets            = aws_subnet.public[*].id
}

resource "aws_lb" "tcp" {
  name               = "${var.name}-tcp"
  load_balancer_type = "network"
  internal           = true
  subnets            = aws_subnet.private[*].id
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "mysql" {
  identifier              = "${var.name}-mysql"
  engine                  = "mysql"
  engine_version          = "8.0"
  instance_class          = "db.t3.small"
  storage_type            = "gp3"
  allocated_storage       = 50
  backup_retention_period = 7
  username                = "app"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.this.name
  skip_final_snapshot     = true
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier      = "${var.name}-aurora"
  engine                  = "aurora-postgresql"
  engine_version          = "16.4"
  storage_type            = var.aurora_storage_type
  master_username         = "app"
  master_password         = var.db_password
  backup_retention_period = 7
  db_subnet_group_name    = aws_db_subnet_group.this.name
  skip_final_snapshot     = true
}

# A writer and a reader.
resource "aws_rds_cluster_instance" "aurora" {
  count              = 2
  identifier         = "${var.name}-aurora-${count.index}"
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = aws_rds_cluster.aurora.engine
  engine_version     = aws_rds_cluster.aurora.engine_version
  instance_class     = "db.r6g.large"
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_cluster" "memcached" {
  cluster_id        = "${var.name}-memcached"
  engine            = "memcached"
  node_type         = "cache.t3.small"
  num_cache_nodes   = 2
  az_mode           = "cross-az"
  subnet_group_name = aws_elasticache_subnet_group.this.name
}
