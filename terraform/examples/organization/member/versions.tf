terraform {
  # 1.10: the S3 backend's native lock file (use_lockfile); it covers the 1.7 that for_each
  # in import blocks (adopt.tf) and removed blocks (offboard.tf) need.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }

  # One state per account: the rest of the configuration comes from -backend-config
  # (bucket, key = "<account name>/terraform.tfstate", region); see ../README.md.
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
