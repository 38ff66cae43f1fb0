# Providers only, apart from main.tf: offboarding deletes main.tf and outputs.tf (the
# baseline's calls) and keeps this file, the variables and versions.tf, so that terraform
# apply with offboard.tf's removed blocks can still destroy the baseline's own resources
# (README: Offboarding).

provider "aws" {
  region = var.region
}
