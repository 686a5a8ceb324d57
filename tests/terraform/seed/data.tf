variable "db_password" {
  type        = string
  sensitive   = true
  description = "Master password of the database; pass the real one with TF_VAR_db_password. (Not manage_master_user_password: that makes RDS create a fifth, billed Secrets Manager secret, and the baseline has four.)"
  default     = "placeholder-not-a-real-password"
}

# RDS PostgreSQL db.t3.medium Multi-AZ (gp2, 100 GB, 30-day backups) and ElastiCache Redis
# cache.t3.micro, one node per AZ.
resource "aws_db_subnet_group" "main" {
  name       = "production"
  subnet_ids = aws_subnet.database[*].id
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
  db_name                 = "app"
  username                = "app"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.main.name
  vpc_security_group_ids  = [aws_security_group.rds.id]
  skip_final_snapshot     = true
}

resource "aws_elasticache_subnet_group" "main" {
  name       = "production"
  subnet_ids = aws_subnet.database[*].id
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = "production"
  description          = "Redis, one node per AZ"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = "cache.t3.micro"
  num_cache_clusters   = 2
  port                 = 6379
  subnet_group_name    = aws_elasticache_subnet_group.main.name
  security_group_ids   = [aws_security_group.redis.id]
}
