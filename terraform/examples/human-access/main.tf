provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

module "human_access" {
  source = "../../modules/iam-human-access"

  name_prefix     = var.name_prefix
  groups          = var.groups
  account_alias   = var.account_alias
  password_policy = var.password_policy
  users           = var.users
}
