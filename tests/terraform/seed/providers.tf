# The seed architecture (shared/seed/aws-infrastructure-architecture.md; scenarios/baseline.toml) as
# Terraform, us-east-1. Plans offline: mock keys, no account lookups, no data sources.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
