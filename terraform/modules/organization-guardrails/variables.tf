variable "name_prefix" {
  description = "Prefix of every policy name (<name_prefix>-<guardrail id>) and of the delegated-admin resources."
  type        = string
  default     = "governance"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-32 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default     = {}
}

variable "target_ids" {
  description = "Where the SCPs are attached: a label of your choice => the organization root id (r-...), an OU id (ou-...) or an account id. The labels only key the attachments (ids may be unknown until apply). null attaches them to the organization's root (read with data.aws_organizations_organization)."
  type        = map(string)
  default     = null

  validation {
    condition     = var.target_ids == null ? true : length(var.target_ids) > 0 && alltrue([for id in values(var.target_ids) : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$", id))])
    error_message = "target_ids must be null (the root) or a non-empty map of labels to root ids (r-xxxx), OU ids (ou-xxxx-xxxxxxxx) or 12-digit account ids; not an id: ${var.target_ids == null ? "" : join(", ", [for id in values(var.target_ids) : id if !can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$", id))])}."
  }
}

variable "allowed_regions" {
  description = "Regions member accounts may use (deny-regions-outside-allowlist); global services are exempt."
  type        = list(string)
  default     = ["us-east-1", "eu-west-1"]

  validation {
    condition     = length(var.allowed_regions) > 0 && alltrue([for r in var.allowed_regions : can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$", r))])
    error_message = "allowed_regions must list at least one AWS region name (e.g. us-east-1, eu-west-1); not a region name: ${join(", ", [for r in var.allowed_regions : r if !can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$", r))])}."
  }
}

variable "home_region" {
  description = "The region the baseline is applied from (trails, Config, state); it must be in allowed_regions or the region guardrail would lock the organization out of it."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = contains(var.allowed_regions, var.home_region)
    error_message = "home_region ${var.home_region} is not in allowed_regions (${join(", ", var.allowed_regions)}): the region allowlist would lock out the home region."
  }
}

variable "exempt_principal_arns" {
  description = "Principals every Deny exempts (aws:PrincipalARN ArnNotLike): the role that applies the baseline. Wildcards in the account and the path are allowed."
  type        = list(string)
  default     = ["arn:aws:iam::*:role/OrganizationAccountAccessRole"]

  validation {
    condition     = length(var.exempt_principal_arns) > 0 && alltrue([for arn in var.exempt_principal_arns : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|\\*):role/[\\w+=,.@/*-]{1,512}$", arn))])
    error_message = "exempt_principal_arns must list at least one IAM role ARN (arn:aws:iam::<account or *>:role/<name>): without the role that applies the baseline, the guardrails would block the baseline itself."
  }
}

variable "root_exempt_account_ids" {
  description = "Member accounts whose root user is not denied (break-glass; deny-root-user keeps aws:PrincipalAccount exemptions). Empty: no root user may act in any member account."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.root_exempt_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "root_exempt_account_ids must be 12-digit account ids."
  }
}

variable "protected_name_prefix" {
  description = "Name prefix of the baseline's own resources (alarm chain, log buckets, KMS aliases) that protect-alarm-chain and protect-log-storage keep from deletion."
  type        = string
  default     = "governance"

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,62}$", var.protected_name_prefix))
    error_message = "protected_name_prefix must be 2-63 letters, digits, '.', '_' or '-' without wildcards: an empty or '*' prefix would protect every resource of the member accounts."
  }
}

variable "enable_deny_leave_organization" {
  description = "deny-leave-organization: members may not leave the organization (and its guardrails)."
  type        = bool
  default     = true
}

variable "enable_protect_cloudtrail" {
  description = "protect-cloudtrail: no StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors."
  type        = bool
  default     = true
}

variable "enable_deny_regions_outside_allowlist" {
  description = "deny-regions-outside-allowlist: regional actions outside allowed_regions are denied (global services exempt)."
  type        = bool
  default     = true
}

variable "enable_deny_root_user" {
  description = "deny-root-user: the root user of member accounts may do nothing (root_exempt_account_ids excepted)."
  type        = bool
  default     = true
}

variable "enable_protect_config" {
  description = "protect-config: the Config recorder and delivery channel may not be stopped, changed or deleted."
  type        = bool
  default     = true
}

variable "enable_deny_region_opt_in_changes" {
  description = "deny-region-opt-in-changes: no account:EnableRegion / account:DisableRegion."
  type        = bool
  default     = true
}

variable "enable_protect_security_services" {
  description = "protect-security-services: GuardDuty, Security Hub and IAM Access Analyzer may not be disabled or detached."
  type        = bool
  default     = true
}

variable "enable_protect_account_security_settings" {
  description = "protect-account-security-settings: EBS default encryption and the S3 account public access block stay as the baseline sets them."
  type        = bool
  default     = true
}

variable "enable_protect_alarm_chain" {
  description = "protect-alarm-chain: the CIS metric filters, alarms, SNS topic, EventBridge rules and log group named protected_name_prefix* may not be deleted or disabled."
  type        = bool
  default     = true
}

variable "enable_protect_log_storage" {
  description = "protect-log-storage: the log buckets named protected_name_prefix* and KMS keys aliased alias/protected_name_prefix* may not be deleted, re-policied or disabled."
  type        = bool
  default     = true
}

variable "enable_deny_iam_user_creation" {
  description = "deny-iam-user-creation (opt-in): no IAM users, access keys or console passwords; for organizations that federate every human."
  type        = bool
  default     = false
}

variable "enable_require_imdsv2" {
  description = "require-imdsv2 (opt-in): RunInstances must set HttpTokens=required and metadata options may not be changed."
  type        = bool
  default     = false
}

variable "enable_organization_trail" {
  description = "Create an organization trail in the management account (audit-trail module, is_organization_trail = true); needs organization_trail_s3_bucket_name and organization_trail_kms_key_arn (e.g. the log-archive account's audit-log-storage)."
  type        = bool
  default     = false

  validation {
    condition     = !var.enable_organization_trail || (var.organization_trail_s3_bucket_name != null && var.organization_trail_kms_key_arn != null)
    error_message = "enable_organization_trail needs organization_trail_s3_bucket_name and organization_trail_kms_key_arn: an organization trail must deliver to the log-archive bucket, KMS-encrypted."
  }
}

variable "organization_trail_s3_bucket_name" {
  description = "Bucket (log-archive account) that receives the organization trail; its policy must allow CloudTrail for the organization."
  type        = string
  default     = null
}

variable "organization_trail_kms_key_arn" {
  description = "KMS key ARN that encrypts the organization trail's log files."
  type        = string
  default     = null
}

variable "delegated_administrators" {
  description = "The audit account (account_id) made delegated administrator (CIS v7.0.0 2.1.6: every integrated service in use administered from a member account), with a toggle per service: guardduty, security_hub, access_analyzer (and organization_access_analyzer: an IAM Access Analyzer analyzer of type ORGANIZATION in the audit account, this region, through provider aws.audit: CIS v6.0.0 2.19 / v7.0.0 2.18), cloudtrail (aws_cloudtrail_organization_delegated_admin_account), iam_root_access (iam.amazonaws.com: centralized root access), identity_center (sso.amazonaws.com), and config_aggregator (an AWS Config aggregator over the organization in the audit account through provider aws.audit, with its IAM role and the audit account registered for config_service_principals: config.amazonaws.com for aggregators, config-multiaccountsetup.amazonaws.com for organization rules and packs). null delegates nothing."
  type = object({
    account_id                   = string
    guardduty                    = optional(bool, true)
    security_hub                 = optional(bool, true)
    access_analyzer              = optional(bool, true)
    organization_access_analyzer = optional(bool, true)
    cloudtrail                   = optional(bool, true)
    iam_root_access              = optional(bool, true)
    identity_center              = optional(bool, true)
    config_aggregator            = optional(bool, true)
    config_service_principals    = optional(list(string), ["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"])
  })
  default = null

  validation {
    condition     = var.delegated_administrators == null ? true : can(regex("^[0-9]{12}$", var.delegated_administrators.account_id))
    error_message = "delegated_administrators.account_id must be the 12-digit id of the audit account."
  }

  validation {
    condition     = var.delegated_administrators == null ? true : alltrue([for p in var.delegated_administrators.config_service_principals : contains(["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"], p)])
    error_message = "delegated_administrators.config_service_principals may hold only config.amazonaws.com and config-multiaccountsetup.amazonaws.com."
  }
}

variable "organization_service_access_principals" {
  description = "The organization's trusted-access principals (pass aws_organizations_organization.<name>.aws_service_access_principals): root_access_features needs iam.amazonaws.com, the cloudtrail / iam_root_access / identity_center delegations need cloudtrail.amazonaws.com / iam.amazonaws.com / sso.amazonaws.com; a precondition names a missing one at plan, and passing the attribute orders those resources after the organization. null: not checked (the organization is managed elsewhere)."
  type        = list(string)
  default     = null
}

variable "root_access_features" {
  description = "Centralized root access for member accounts (CIS v7.0.0 2.1.1, aws_iam_organizations_features): RootCredentialsManagement (the management account removes and blocks member accounts' root credentials; the item requires it) and RootSessions (privileged root tasks on member accounts without their root credentials). Needs trusted access for IAM (iam.amazonaws.com). []: not managed here (CIS 2.1.1 fails unless enabled elsewhere)."
  type        = list(string)
  default     = ["RootCredentialsManagement", "RootSessions"]

  validation {
    condition     = alltrue([for f in var.root_access_features : contains(["RootCredentialsManagement", "RootSessions"], f)]) && length(distinct(var.root_access_features)) == length(var.root_access_features)
    error_message = "root_access_features may hold only RootCredentialsManagement and RootSessions, each at most once; not a feature: ${join(", ", [for f in var.root_access_features : f if !contains(["RootCredentialsManagement", "RootSessions"], f)])}."
  }
}

variable "policy_management_delegate" {
  description = "CIS v7.0.0 2.1.5: the member account (a governance or security account, never a workload one, never the management account) that the organization's resource-based delegation policy (aws_organizations_resource_policy) lets manage Organizations policies of policy_types: create, update, delete, attach and detach them on this organization's roots, OUs and accounts, with the read actions to navigate the organization. null: no delegation policy (Organizations policies are managed from the management account: CIS 2.1.5 fails)."
  type = object({
    account_id   = string
    policy_types = optional(list(string), ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY"])
  })
  default = null

  validation {
    condition     = var.policy_management_delegate == null ? true : can(regex("^[0-9]{12}$", var.policy_management_delegate.account_id))
    error_message = "policy_management_delegate.account_id must be the 12-digit id of a member account."
  }

  validation {
    condition     = var.policy_management_delegate == null ? true : length(var.policy_management_delegate.policy_types) > 0 && alltrue([for t in var.policy_management_delegate.policy_types : contains(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2"], t)])
    error_message = "policy_management_delegate.policy_types must list at least one Organizations policy type: SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, CHATBOT_POLICY, DECLARATIVE_POLICY_EC2."
  }
}
