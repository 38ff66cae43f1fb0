variable "alias_name" {
  description = "Name of the key's alias, e.g. alias/governance-audit-logs."
  type        = string

  validation {
    condition     = can(regex("^alias/[A-Za-z0-9/_-]{1,250}$", var.alias_name)) && !startswith(var.alias_name, "alias/aws/")
    error_message = "alias_name must be alias/<1-250 characters from A-Z a-z 0-9 / _ ->, not under alias/aws/ (reserved for AWS managed keys)."
  }
}

variable "description" {
  description = "Description of the key: what it encrypts."
  type        = string

  validation {
    condition     = length(trimspace(var.description)) > 0 && length(var.description) <= 8192
    error_message = "description must say what the key encrypts (1-8192 characters)."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period, in days, before the key is deleted after destroy (the caller's own knob, passed through)."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30 (the range AWS KMS accepts)."
  }
}

variable "account_id" {
  description = "Account whose root administers the key (delegates key access to IAM policies in that account)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "partition" {
  description = "Partition of the account (aws, aws-us-gov, aws-cn ...), for the root principal's ARN."
  type        = string

  validation {
    condition     = can(regex("^aws(-[a-z]+)*$", var.partition))
    error_message = "partition must be an AWS partition name such as aws, aws-us-gov or aws-cn."
  }
}

variable "statements" {
  description = <<-EOT
    Key policy statements after the module's own (the account root's administration and the
    CloudWatch Logs statement of cloudwatch_logs_log_group_arns), in order: each
    an Allow of KMS `actions` (Resource "*", which in a key policy means this key) to one
    principal type (`Service` or `AWS`) and its identifiers, with optional conditions.
  EOT
  type = list(object({
    sid                   = string
    actions               = list(string)
    principal_type        = string
    principal_identifiers = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.statements : can(regex("^[A-Za-z0-9]+$", s.sid)) && s.sid != "EnableAccountRootAdministration"]) && length(distinct([for s in var.statements : s.sid])) == length(var.statements)
    error_message = "statements: every sid must be alphanumeric, unique and not EnableAccountRootAdministration (the module's own statement)."
  }

  validation {
    condition     = alltrue([for s in var.statements : length(s.actions) > 0 && alltrue([for a in s.actions : can(regex("^kms:[A-Za-z]+\\*?$", a))])])
    error_message = "statements: actions must be KMS actions (kms:<Action>, at most a trailing * such as kms:GenerateDataKey*); never \"*\" or \"kms:*\"."
  }

  validation {
    condition     = alltrue([for s in var.statements : contains(["Service", "AWS"], s.principal_type) && length(s.principal_identifiers) > 0 && !contains(s.principal_identifiers, "*")])
    error_message = "statements: principal_type must be Service or AWS, with at least one identifier and no \"*\" (a key policy names who may use the key)."
  }
}

variable "cloudwatch_logs_log_group_arns" {
  description = <<-EOT
    Log groups that CloudWatch Logs may encrypt with the key: when not empty, the module adds
    the statement `cloudwatch_logs_statement_sid` after the account root's, letting
    logs.<region>.amazonaws.com (the service of the groups' region) use the key on condition
    kms:EncryptionContext:aws:logs:arn, matched with ArnLike when an ARN holds a wildcard
    (* or ?, e.g. log-group:* for every group of the account) and ArnEquals otherwise.
    [] (default): no such statement.
  EOT
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.cloudwatch_logs_log_group_arns : can(regex("^arn:aws(-[a-z]+)*:logs:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:log-group:[A-Za-z0-9._/#*?-]{1,512}$", arn))])
    error_message = "cloudwatch_logs_log_group_arns must be log-group ARNs, arn:<partition>:logs:<region>:<12-digit account>:log-group:<name>, with wildcards (* ?) in the name only and no trailing :*."
  }

  validation {
    condition     = length(distinct([for arn in var.cloudwatch_logs_log_group_arns : try(split(":", arn)[3], arn)])) <= 1
    error_message = "cloudwatch_logs_log_group_arns must all be in one region: CloudWatch Logs uses a key of its own region, and the statement names that region's service."
  }

  validation {
    condition     = length(distinct(var.cloudwatch_logs_log_group_arns)) == length(var.cloudwatch_logs_log_group_arns)
    error_message = "cloudwatch_logs_log_group_arns must be distinct (each log group once)."
  }
}

variable "cloudwatch_logs_statement_sid" {
  description = "Sid of the CloudWatch Logs statement (used when cloudwatch_logs_log_group_arns is not empty); a caller keeps the sid its key policy had."
  type        = string
  default     = "AllowCloudWatchLogsLogGroupEncryption"

  validation {
    condition     = can(regex("^[A-Za-z0-9]+$", var.cloudwatch_logs_statement_sid)) && var.cloudwatch_logs_statement_sid != "EnableAccountRootAdministration"
    error_message = "cloudwatch_logs_statement_sid must be alphanumeric and not EnableAccountRootAdministration (the module's own statement)."
  }
}

variable "tags" {
  description = "Tags of the key."
  type        = map(string)
  default     = {}
}
