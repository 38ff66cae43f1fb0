variable "name_prefix" {
  type        = string
  description = "Prefix for every name this module creates (recorder, delivery channel, IAM role, rule names)."
  default     = "governance"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-32 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "recorder_name" {
  type        = string
  description = "Name of the AWS Config configuration recorder; null (the default) means \"<name_prefix>-recorder\". AWS allows one customer managed recorder per region, so adopting an existing recorder means passing its name (e.g. \"default\") and importing it. The name is ForceNew: a rename deletes the recorder and creates a new one, which leaves a gap in the configuration history."
  default     = null

  validation {
    condition     = var.recorder_name == null || can(regex("^[^\\s]{1,256}$", var.recorder_name))
    error_message = "recorder_name must be null or an AWS Config recorder name: 1-256 characters without whitespace."
  }

  validation {
    condition     = var.recorder_name == null || !startswith(coalesce(var.recorder_name, "-"), "AWSConfigurationRecorderFor")
    error_message = "recorder_name must not start with AWSConfigurationRecorderFor: AWS reserves that prefix for service-linked recorders, which a customer cannot manage."
  }
}

variable "delivery_channel_name" {
  type        = string
  description = "Name of the AWS Config delivery channel; null (the default) means \"<name_prefix>-delivery\". AWS allows one delivery channel per region, so adopting an existing channel means passing its name (e.g. \"default\") and importing it. The name is ForceNew: a rename deletes the channel and creates a new one, and Config stops delivering in between."
  default     = null

  validation {
    condition     = var.delivery_channel_name == null || can(regex("^[^\\s]{1,256}$", var.delivery_channel_name))
    error_message = "delivery_channel_name must be null or an AWS Config delivery channel name: 1-256 characters without whitespace."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags applied to every taggable resource (the recorder and delivery channel are not taggable)."
  default     = {}
}

variable "s3_bucket_name" {
  type        = string
  description = "Name of the S3 bucket AWS Config delivers snapshots and history to (e.g. audit-log-storage's bucket_name output)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket_name))
    error_message = "s3_bucket_name must be a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-')."
  }
}

variable "s3_key_prefix" {
  type        = string
  description = "Optional key prefix for Config delivery; null writes to AWSLogs/<account>/Config/ at the bucket root, which is what audit-log-storage's bucket policy allows."
  default     = null

  validation {
    condition     = var.s3_key_prefix == null || can(regex("^[^/].*[^/]$|^[^/]$", var.s3_key_prefix))
    error_message = "s3_key_prefix must be null or a prefix that neither starts nor ends with '/'."
  }
}

variable "s3_kms_key_arn" {
  type        = string
  description = "KMS key ARN Config uses to encrypt delivered objects; null relies on the bucket's default encryption."
  default     = null

  validation {
    condition     = var.s3_kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.s3_kms_key_arn))
    error_message = "s3_kms_key_arn must be null or a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "sns_topic_arn" {
  type        = string
  description = "Optional SNS topic ARN for Config notifications."
  default     = null

  validation {
    condition     = var.sns_topic_arn == null || can(regex("^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:.+$", var.sns_topic_arn))
    error_message = "sns_topic_arn must be null or an SNS topic ARN."
  }
}

variable "snapshot_delivery_frequency" {
  type        = string
  description = "How often Config delivers configuration snapshots to the bucket."
  default     = "TwentyFour_Hours"

  validation {
    condition     = contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], var.snapshot_delivery_frequency)
    error_message = "snapshot_delivery_frequency must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours (at least daily snapshots keep the configuration history CIS 3.3 relies on)."
  }
}

variable "include_global_resource_types" {
  type        = bool
  description = "Record global resources (IAM users, groups, roles, policies). Must stay true: CIS 3.3 requires AWS Config to record all resources including global ones."
  default     = true

  validation {
    condition     = var.include_global_resource_types
    error_message = "include_global_resource_types must be true: CIS 3.3 requires AWS Config to record all supported resources, including global resources such as IAM, which the IAM rules in this module evaluate."
  }
}

variable "managed_rules" {
  type = map(object({
    source_identifier           = string
    input_parameters            = optional(string)
    maximum_execution_frequency = optional(string)
  }))
  description = "AWS Config managed rules to create: rule name => { source_identifier (AWS managed rule identifier, upper snake case), input_parameters (JSON string), maximum_execution_frequency }. null (the default) uses the CIS set in managed-rules.json; a map replaces that set entirely. Names are prefixed with name_prefix."
  default     = null

  validation {
    condition     = alltrue([for k, r in(var.managed_rules == null ? {} : var.managed_rules) : can(regex("^[A-Z0-9_]+$", r.source_identifier))])
    error_message = "managed_rules[*].source_identifier must be an AWS managed rule identifier in upper snake case, e.g. IAM_PASSWORD_POLICY."
  }

  validation {
    condition     = alltrue([for k, r in(var.managed_rules == null ? {} : var.managed_rules) : r.input_parameters == null || can(jsondecode(r.input_parameters))])
    error_message = "managed_rules[*].input_parameters must be null or a JSON object string, e.g. jsonencode({ maxAccessKeyAge = \"90\" })."
  }

  validation {
    condition     = alltrue([for k, r in(var.managed_rules == null ? {} : var.managed_rules) : r.maximum_execution_frequency == null || try(contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], r.maximum_execution_frequency), false)])
    error_message = "managed_rules[*].maximum_execution_frequency must be null or one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours."
  }

  validation {
    condition     = alltrue([for k in keys(var.managed_rules == null ? {} : var.managed_rules) : can(regex("^[A-Za-z0-9-]{1,90}$", k))])
    error_message = "managed_rules keys (rule names) must be 1-90 characters of letters, digits and hyphens."
  }
}

variable "additional_managed_rules" {
  type = map(object({
    source_identifier           = string
    input_parameters            = optional(string)
    maximum_execution_frequency = optional(string)
  }))
  description = "Extra AWS Config managed rules merged on top of managed_rules (or the managed-rules.json default set). Same shape as managed_rules."
  default     = {}

  validation {
    condition     = alltrue([for k, r in var.additional_managed_rules : can(regex("^[A-Z0-9_]+$", r.source_identifier)) && (r.input_parameters == null || can(jsondecode(r.input_parameters)))])
    error_message = "additional_managed_rules[*].source_identifier must be upper snake case and input_parameters null or a JSON object string."
  }
}

variable "enable_cloudtrail_s3_dataevents_rule" {
  type        = bool
  description = "Also create cloudtrail-s3-dataevents-enabled (CLOUDTRAIL_S3_DATAEVENTS_ENABLED; CIS 3.8/3.9) from optional_rules in managed-rules.json. Switch on when the trail logs S3 data events."
  default     = false
}
