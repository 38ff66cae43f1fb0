terraform {
  # 1.10: the S3 backend's native lock file (use_lockfile); 1.9: cross-variable validation
  # in organization-guardrails.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }

  # One state per account: the rest of the configuration comes from -backend-config
  # (bucket, key = "management/terraform.tfstate", region); see ../README.md.
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
