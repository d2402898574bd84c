# The Elastic Face AMI: Ubuntu 24.04, Java 17 from Ubuntu's archive, the elasticface jar, the three
# systemd units (enabled; each starts only where user data wrote its settings), DJL's libtorch
# extracted at bake time and a class-data-sharing archive for a fast start. An instance started from
# it downloads nothing at boot. The app tier and the web instance both boot this AMI.
#
#   ./mvnw -B -pl cli -am package -DskipTests          # cli/target/elasticface.jar
#   packer init deploy/packer/app-tier.pkr.hcl          # the amazon plugin (Packer >= 1.7)
#   packer build deploy/packer/app-tier.pkr.hcl         # prints the AMI id for deploy/aws/create.sh
#
# Credentials: Packer uses yours (the AWS CLI's chain) for the bake only; nothing is written into the
# image. The steps themselves are in bake.sh beside this file.

packer {
  required_plugins {
    amazon = {
      source  = "github.com/hashicorp/amazon"
      version = ">= 1.3.0"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "jar" {
  type        = string
  description = "The executable jar built by ./mvnw -pl cli -am package."
  default     = "cli/target/elasticface.jar"
}

# Bake on the instance type the app tier runs on: the JVM picks its GC and heap from the machine, and
# the class-data-sharing archive is best when the training run matches the real one.
variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "ami_name_prefix" {
  type    = string
  default = "elasticface-app-tier"
}

# The training run: Spring's spring.context.exit=onRefresh starts the worker's context (the engine
# loads its models, so DJL extracts libtorch) and exits before any listener polls SQS; bake.sh gives
# it a loopback stand-in for AWS. Change it if the worker gains a dedicated warm-up command.
variable "warmup_args" {
  type    = string
  default = "-Dspring.context.exit=onRefresh -jar /opt/elasticface/app/elasticface.jar worker"
}

locals {
  stamp = formatdate("YYYYMMDD-hhmmss", timestamp())
}

source "amazon-ebs" "app_tier" {
  region        = var.region
  instance_type = var.instance_type
  ssh_username  = "ubuntu"
  ami_name      = "${var.ami_name_prefix}-${local.stamp}"
  ami_description = "Elastic Face app tier and web tier: Java 17, elasticface.jar, systemd units, libtorch, CDS"

  source_ami_filter {
    filters = {
      name                = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = ["099720109477"] # Canonical
    most_recent = true
  }

  tags = {
    Name               = "${var.ami_name_prefix}-${local.stamp}"
    "elasticface:role" = "app-tier-ami"
  }
}

build {
  sources = ["source.amazon-ebs.app_tier"]

  provisioner "file" {
    source      = var.jar
    destination = "/tmp/elasticface.jar"
  }

  # No trailing slash: the folder itself lands in /tmp (a directory destination must already exist).
  provisioner "file" {
    source      = "${path.root}/../systemd"
    destination = "/tmp"
  }

  provisioner "shell" {
    script          = "${path.root}/bake.sh"
    execute_command = "chmod +x {{ .Path }}; sudo env {{ .Vars }} {{ .Path }}"
    environment_vars = [
      "ELASTICFACE_WARMUP_ARGS=${var.warmup_args}",
    ]
  }
}
