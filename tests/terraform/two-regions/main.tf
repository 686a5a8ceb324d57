variable "db_password" {
  type        = string
  sensitive   = true
  description = "Master password of the databases; pass the real one with TF_VAR_db_password."
  default     = "placeholder-not-a-real-password"
}

module "us" {
  source      = "./modules/stack"
  name        = "us"
  azs         = ["us-east-1a", "us-east-1b"]
  cidr        = "10.10.0.0/16"
  db_password = var.db_password
  # Aurora standard storage here, I/O-Optimized in Europe
  aurora_storage_type = ""
}

module "eu" {
  source = "./modules/stack"
  providers = {
    aws = aws.eu
  }
  name                = "eu"
  azs                 = ["eu-west-1a", "eu-west-1b"]
  cidr                = "10.20.0.0/16"
  db_password         = var.db_password
  aurora_storage_type = "aurora-iopt1"
}

# A resource in eu-west-1 outside any module, through the alias directly.
resource "aws_eip" "eu_static" {
  provider = aws.eu
  domain   = "vpc"
}
