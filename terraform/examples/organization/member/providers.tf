# Providers only, apart from main.tf: offboarding deletes main.tf and outputs.tf (the
# baseline's calls) and keeps this file, the variables and versions.tf, so that terraform
# apply with offboard.tf's removed blocks can still destroy the baseline's own resources
# (README: Offboarding).

# The account baseline of one member account, applied from the management account (or a
# pipeline role) through the role Organizations created in the member. One state per
# account: terraform init -backend-config="key=<account name>/terraform.tfstate" (../README.md).
provider "aws" {
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::${var.account_id}:role/${var.member_role_name}"
    session_name = "governance-baseline"
  }

  allowed_account_ids = [var.account_id]
}

# IAM Identity Center lives in the management account (or a delegated administrator): the
# permission sets and assignments of this member (main.tf, opt-in) are made there, with the
# caller's own credentials (the management account the stack runs from) or
# identity_center_role_arn. Unused while identity_center_permission_sets is empty.
provider "aws" {
  alias  = "identity_center"
  region = var.identity_center_region != null ? var.identity_center_region : var.region

  dynamic "assume_role" {
    for_each = var.identity_center_role_arn != null ? [var.identity_center_role_arn] : []

    content {
      role_arn     = assume_role.value
      session_name = "governance-baseline"
    }
  }
}
