# was count = 2: aws_eip.nat[1] and aws_nat_gateway.main[1] are destroyed
resource "aws_eip" "nat" {
  count  = 1
  domain = "vpc"
}

# The subnets exist outside this configuration (literal IDs).
resource "aws_nat_gateway" "main" {
  count         = 1
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"][count.index]
}

resource "aws_db_instance" "main" {
  identifier              = "production"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.t3.medium"
  multi_az                = true
  storage_type            = "gp2"
  allocated_storage       = 100
  backup_retention_period = 30
  username                = "app"
  skip_final_snapshot     = true
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = 30
}

# aws_secretsmanager_secret.app was removed from the configuration: it is destroyed.

resource "aws_ecr_repository" "app" {
  name = "app"
}
