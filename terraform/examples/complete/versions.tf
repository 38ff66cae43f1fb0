terraform {
  # 1.7: for_each in import blocks (adopt.tf) and removed blocks (offboard.tf).
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}
