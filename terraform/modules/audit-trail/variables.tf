variable "name_prefix" {
  type        = string
  description = "Prefix for every name this module creates (trail, log group, IAM role)."
  default     = "governance"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-32 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags applied to every taggable resource."
  default     = {}
}

variable "trail_name" {
  type        = string
  description = "Name of the trail; null means \"<name_prefix>-trail\". Pass the same name to audit-log-storage's trail_name to pin its policies to this trail."
  default     = null

  validation {
    condition     = var.trail_name == null || can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$", var.trail_name))
    error_message = "trail_name must be a valid CloudTrail trail name (3-128 characters: letters, digits, '.', '_' and '-', starting with a letter or digit), or null."
  }
}

variable "s3_bucket_name" {
  type        = string
  description = "Name of the S3 bucket that receives the trail's log files (e.g. audit-log-storage's bucket_name output, whose policy must allow CloudTrail)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket_name))
    error_message = "s3_bucket_name must be a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-')."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the customer-managed KMS key that encrypts the trail's log files (SSE-KMS) and, unless cloudwatch_logs_kms_key_arn is set, the CloudWatch Logs group."

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>): CIS 3.5 requires CloudTrail logs to be encrypted at rest with a KMS CMK, so it cannot be empty or an alias."
  }
}

variable "cloudwatch_logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN for the CloudWatch Logs group; null uses kms_key_arn. The key policy must let logs.<region>.amazonaws.com use it."
  default     = null

  validation {
    condition     = var.cloudwatch_logs_kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.cloudwatch_logs_kms_key_arn))
    error_message = "cloudwatch_logs_kms_key_arn must be null or a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); the trail's log group stays KMS-encrypted either way."
  }
}

variable "log_group_name" {
  type        = string
  description = "Name of the CloudWatch Logs group that receives the trail's events; null means \"/aws/cloudtrail/<name_prefix>\"."
  default     = null

  validation {
    condition     = var.log_group_name == null || can(regex("^[A-Za-z0-9_/.#-]{1,512}$", var.log_group_name))
    error_message = "log_group_name must be null or 1-512 characters of letters, digits, '_', '-', '/', '.' and '#'."
  }
}

variable "log_group_retention_days" {
  type        = number
  description = "Retention of the CloudTrail CloudWatch Logs group, in days (0 = never expire). Floor 365, the common audit-log retention requirement (e.g. PCI DSS 10.5.1)."
  default     = 365

  validation {
    condition     = contains([0, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_group_retention_days)
    error_message = "log_group_retention_days must be 0 (never expire) or a CloudWatch Logs retention value of at least 365: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. The CIS section 4 alarms read this group, and audit events must be kept for at least a year."
  }
}

variable "is_organization_trail" {
  type        = bool
  description = "Make this an AWS Organizations trail (apply in the management or delegated administrator account only)."
  default     = false
}

variable "s3_data_events" {
  type = object({
    enabled     = bool
    all_buckets = optional(bool, false)
    bucket_arns = optional(list(string), [])
  })
  description = "S3 object-level data events (read and write; CIS 3.8 object-level write events, CIS 3.9 object-level read events). enabled = false logs none; all_buckets = true logs every bucket in the account; otherwise bucket_arns lists the buckets."
  default     = { enabled = false }

  validation {
    condition     = !var.s3_data_events.enabled || var.s3_data_events.all_buckets || length(var.s3_data_events.bucket_arns) > 0
    error_message = "s3_data_events: when enabled is true, set all_buckets = true or list at least one bucket ARN; otherwise CIS 3.8/3.9 object-level logging would be switched on for nothing."
  }

  validation {
    condition     = alltrue([for a in var.s3_data_events.bucket_arns : can(regex("^arn:aws[a-zA-Z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", a))])
    error_message = "s3_data_events.bucket_arns must be bucket ARNs such as arn:aws:s3:::my-bucket (no object path, no wildcard)."
  }
}
