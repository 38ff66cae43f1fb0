terraform {
  # 1.9: a variable's validation may refer to other variables (home_region in allowed_regions).
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 5.0, < 6.0"
      configuration_aliases = [aws.audit]
    }
  }
}
