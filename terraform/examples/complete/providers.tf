# Providers only, apart from main.tf: offboarding deletes main.tf and outputs.tf (the
# baseline's calls) and keeps this file, the variables and versions.tf, so that terraform
# apply with offboard.tf's removed blocks can still destroy the baseline's own resources
# (README: Offboarding).

provider "aws" {
  region = var.region
}

# One more governed region. Terraform cannot for_each over providers and every provider
# configuration is a provider process of its own, so each extra region is one aliased
# provider plus one regional-guardrails call (see README: adding a region).
provider "aws" {
  alias  = "secondary"
  region = var.secondary_region
}
