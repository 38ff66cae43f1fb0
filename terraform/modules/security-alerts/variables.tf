variable "name_prefix" {
  type        = string
  description = "Prefix for every name this module creates (topic, KMS alias, metric filters, alarms, EventBridge rule)."
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

variable "cloudtrail_log_group_name" {
  type        = string
  description = "Name of the CloudWatch Logs group that receives the multi-region CloudTrail trail (audit-trail's log_group_name output). The CIS 4.x metric filters are created on it."

  validation {
    condition     = can(regex("^[A-Za-z0-9_/.#-]{1,512}$", var.cloudtrail_log_group_name))
    error_message = "cloudtrail_log_group_name must be a CloudWatch Logs group name (1-512 characters: letters, digits, '_', '-', '/', '.', '#'); CIS 4.1-4.15 metric filters need the trail's log group."
  }
}

variable "kms_master_key_arn" {
  type        = string
  description = "KMS key ARN that encrypts the SNS topic. null creates a dedicated key (rotation on) whose policy lets cloudwatch.amazonaws.com and events.amazonaws.com publish. A supplied key must grant those services kms:GenerateDataKey and kms:Decrypt."
  default     = null

  validation {
    condition     = var.kms_master_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_master_key_arn))
    error_message = "kms_master_key_arn must be null (create a dedicated key) or a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); the alert topic is always KMS-encrypted."
  }
}

variable "kms_key_deletion_window_in_days" {
  type        = number
  description = "Deletion window of the dedicated topic key (used only when kms_master_key_arn is null)."
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be between 7 and 30 (the range AWS KMS accepts)."
  }
}

variable "subscriptions" {
  type = list(object({
    protocol = string
    endpoint = string
  }))
  description = "Subscribers of the alert topic. CIS 4.x requires at least one active subscriber; email subscriptions stay pending until confirmed. Allowed protocols: email, email-json, https, sqs, lambda, firehose, sms, application."
  default     = []

  validation {
    condition     = alltrue([for s in var.subscriptions : contains(["email", "email-json", "https", "sqs", "lambda", "firehose", "sms", "application"], s.protocol)])
    error_message = "subscriptions[*].protocol must be one of email, email-json, https, sqs, lambda, firehose, sms, application; plain http is refused because security alerts must not travel unencrypted."
  }

  validation {
    condition     = alltrue([for s in var.subscriptions : length(trimspace(s.endpoint)) > 0])
    error_message = "subscriptions[*].endpoint must not be empty."
  }
}

variable "subscription_role_arn" {
  type        = string
  description = "IAM role ARN SNS uses for firehose subscriptions (required by AWS only when a firehose subscription is listed)."
  default     = null
}

variable "metric_namespace" {
  type        = string
  description = "CloudWatch metric namespace for the CIS metric filters."
  default     = "CISBenchmark"

  validation {
    condition     = can(regex("^[^:][^:]{0,254}$", var.metric_namespace)) && !startswith(var.metric_namespace, "AWS/")
    error_message = "metric_namespace must be 1-255 characters without ':' and must not start with 'AWS/' (reserved)."
  }
}

variable "enable_iam_policy_change_event_rule" {
  type        = bool
  description = "Create the EventBridge rule that forwards IAM policy changes (the CIS 4.4 event names) to the topic in near real time. IAM is a global service: its CloudTrail events reach EventBridge in us-east-1 only, so the rule fires only when this module is applied in us-east-1."
  default     = true
}
