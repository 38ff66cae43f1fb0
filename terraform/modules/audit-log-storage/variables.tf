variable "name_prefix" {
  type        = string
  description = "Prefix for every name this module creates (KMS alias, buckets). Bucket names also carry the account id and region, so two stacks in different accounts never collide."
  default     = "governance"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-20 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit, because it becomes part of S3 bucket names (max 63 characters with account id and region)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags applied to every taggable resource."
  default     = {}
}

variable "kms_key_deletion_window_in_days" {
  type        = number
  description = "Waiting period, in days, before the trail KMS key is deleted after destroy."
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be between 7 and 30 (the range AWS KMS accepts); a short window risks losing the ability to decrypt audit logs (CIS 3.5 requires the logs to stay KMS-encrypted and readable)."
  }
}

variable "auditor_principal_arns" {
  type        = list(string)
  description = "IAM principal ARNs (account root, roles or users) that may decrypt trail logs through S3 (kms:Decrypt via s3.<region>.amazonaws.com) and describe the key."
  default     = []

  validation {
    condition     = alltrue([for a in var.auditor_principal_arns : can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", a))])
    error_message = "auditor_principal_arns must be IAM ARNs of the form arn:<partition>:iam::<12-digit account>:root, :role/<name> or :user/<name>; wildcards are not allowed so decryption of audit logs stays least-privilege."
  }
}

variable "trail_name" {
  type        = string
  description = "Name of the CloudTrail trail that writes to this bucket. When set, the bucket and key policies pin aws:SourceArn to that trail; when null they accept any trail of this account (arn:<partition>:cloudtrail:*:<account>:trail/*)."
  default     = null

  validation {
    condition     = var.trail_name == null || can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$", var.trail_name))
    error_message = "trail_name must be a valid CloudTrail trail name (3-128 characters: letters, digits, '.', '_' and '-', starting with a letter or digit), or null."
  }
}

variable "organization_id" {
  type        = string
  description = "AWS Organizations id (o-xxxxxxxxxx). Set it when an organization trail writes here: the bucket policy then also lets CloudTrail write AWSLogs/<organization id>/*."
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must look like o-abcdefghij (o- followed by 10-32 lower-case letters or digits), or null."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days after which current log objects expire from the trail bucket (lifecycle). The floor is 365 days, the common audit-log retention requirement (e.g. PCI DSS 10.5.1: one year)."
  default     = 365

  validation {
    condition     = var.log_retention_days >= 365
    error_message = "log_retention_days must be at least 365: audit logs (CloudTrail, Config) must be kept for a year or more to support incident investigation and common retention requirements (e.g. PCI DSS 10.5.1)."
  }
}

variable "noncurrent_version_retention_days" {
  type        = number
  description = "Days after which non-current (overwritten or deleted) object versions expire from the trail bucket."
  default     = 365

  validation {
    condition     = var.noncurrent_version_retention_days >= 90
    error_message = "noncurrent_version_retention_days must be at least 90 so that an overwritten or deleted audit log can still be recovered during an investigation."
  }
}

variable "transition_days" {
  type        = number
  description = "Days after which log objects move to transition_storage_class; null disables the transition."
  default     = null

  validation {
    condition     = var.transition_days == null || try(var.transition_days >= 30, false)
    error_message = "transition_days must be null (no transition) or at least 30 (S3 minimum before moving objects out of STANDARD)."
  }
}

variable "transition_storage_class" {
  type        = string
  description = "Storage class used when transition_days is set."
  default     = "GLACIER"

  validation {
    condition     = contains(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], var.transition_storage_class)
    error_message = "transition_storage_class must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE."
  }
}

variable "access_log_retention_days" {
  type        = number
  description = "Days after which S3 server access log objects expire from the access-log bucket."
  default     = 365

  validation {
    condition     = var.access_log_retention_days >= 90
    error_message = "access_log_retention_days must be at least 90 so access to the trail bucket (CIS 3.4) can be investigated after the fact."
  }
}

variable "object_lock_enabled" {
  type        = bool
  description = "Enable S3 Object Lock on the trail bucket. Object Lock can only be switched on when the bucket is created: changing this later replaces the bucket."
  default     = false
}

variable "object_lock_mode" {
  type        = string
  description = "Default Object Lock retention mode when object_lock_enabled is true. GOVERNANCE can be bypassed with s3:BypassGovernanceRetention; COMPLIANCE cannot be bypassed by anyone, including root, until retention ends."
  default     = "GOVERNANCE"

  validation {
    condition     = contains(["GOVERNANCE", "COMPLIANCE"], var.object_lock_mode)
    error_message = "object_lock_mode must be GOVERNANCE or COMPLIANCE."
  }
}

variable "object_lock_retention_days" {
  type        = number
  description = "Default Object Lock retention, in days, when object_lock_enabled is true."
  default     = 365

  validation {
    condition     = var.object_lock_retention_days >= 1
    error_message = "object_lock_retention_days must be at least 1."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete the buckets even when they still hold objects (all versions are deleted). Leave false outside tests: audit logs are evidence."
  default     = false
}

variable "deny_bucket_deletion" {
  type        = bool
  description = "Add a Deny s3:DeleteBucket guard statement to both bucket policies. Terraform destroy still works: the bucket policy is destroyed before the bucket."
  default     = true
}

variable "allow_sns_alarm_publishers" {
  type        = bool
  description = "Let cloudwatch.amazonaws.com and events.amazonaws.com use the key (kms:GenerateDataKey, kms:Decrypt), so an SNS alert topic can be encrypted with this same key."
  default     = false
}
