terraform {
  # 1.7: root modules adopt and offboard the baseline's singletons with for_each import
  # blocks and removed blocks (examples/complete README).
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}
