//! Validation of the `fargate` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use super::sizes as fargate;
use crate::error::Result;
use crate::topology::validate::{MAX_TASKS_PER_SERVICE, Validator, dec};
use rust_decimal::Decimal;

impl Validator<'_> {
    pub(crate) fn service(&self, s: &ServiceRaw, hours_per_month: Decimal) -> Result<Service> {
        let name = self.text(&s.name, "name", 255)?;
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(self.err(
                s.name.span(),
                format!(
                    "service name `{}` has characters ECS does not allow",
                    name.escape_debug()
                ),
                Some("use letters, digits, `-` and `_`".into()),
            ));
        }
        self.set_prefix(&format!("service.{name}."));
        let count = self.whole(&s.count, "count", MAX_TASKS_PER_SERVICE)?;
        let os = match self.opt_choice(&s.os, "os", &["linux", "windows"])? {
            "windows" => Os::Windows,
            _ => Os::Linux,
        };
        let arch = match self.opt_choice(&s.arch, "arch", &["x86_64", "arm64"])? {
            "arm64" => Arch::Arm64,
            _ => Arch::X86_64,
        };
        let capacity = match self.opt_choice(&s.capacity, "capacity", &["on-demand", "spot"])? {
            "spot" => CapacityProvider::Spot,
            _ => CapacityProvider::OnDemand,
        };
        let launch_type =
            match self.opt_choice(&s.launch_type, "launch_type", &["fargate", "ec2"])? {
                "ec2" => LaunchType::Ec2,
                _ => LaunchType::Fargate,
            };
        if launch_type == LaunchType::Ec2 && capacity == CapacityProvider::Spot {
            return Err(self.err(
                s.capacity.as_ref().map_or(s.name.span(), |a| a.span()),
                "`capacity = \"spot\"` is Fargate Spot, which an EC2 launch type does not use"
                    .into(),
                Some("drop `capacity`; Spot EC2 instances are priced with the instances".into()),
            ));
        }
        if os == Os::Windows && arch == Arch::Arm64 {
            return Err(self.err(
                s.arch.as_ref().map_or(s.name.span(), |a| a.span()),
                "Fargate runs Windows containers on x86_64 only".into(),
                Some("use `arch = \"x86_64\"` for Windows tasks".into()),
            ));
        }
        if os == Os::Windows && capacity == CapacityProvider::Spot {
            return Err(self.err(
                s.capacity.as_ref().map_or(s.name.span(), |a| a.span()),
                "Fargate Spot is not available for Windows tasks".into(),
                Some("use `capacity = \"on-demand\"` for Windows tasks".into()),
            ));
        }
        for (v, what) in [(&s.vcpu, "vcpu"), (&s.memory_gb, "memory_gb")] {
            if v.get().1.is_some() {
                return Err(self.err(
                    v.span(),
                    format!("`{what}` takes a single number, not a range"),
                    Some("a task size is fixed; ranges are for usage quantities and counts".into()),
                ));
            }
        }
        let (vcpu, memory_gb) = if launch_type == LaunchType::Ec2 {
            // Any task size an EC2 instance can hold: the instance, not Fargate, bounds it.
            (
                self.number(&s.vcpu, "vcpu", dec(0), dec(192))?,
                self.number(&s.memory_gb, "memory_gb", dec(0), dec(24_576))?,
            )
        } else {
            self.fargate_size(s, os)?
        };
        let ephemeral_storage_gb = self.opt_number(
            &s.ephemeral_storage_gb,
            "ephemeral_storage_gb",
            dec(20),
            dec(20),
            dec(200),
        )?;
        let service_hours = self.no_ranges(|| {
            self.opt_number(
                &s.hours_per_month,
                "hours_per_month",
                hours_per_month,
                Decimal::ZERO,
                hours_per_month,
            )
        })?;
        Ok(Service {
            name,
            count,
            vcpu,
            memory_gb,
            arch,
            os,
            capacity,
            launch_type,
            ephemeral_storage_gb,
            hours_per_month: service_hours,
            load: None,
        })
    }

    /// vCPU and memory that must be a Fargate task size for the OS.
    fn fargate_size(&self, s: &ServiceRaw, os: Os) -> Result<(Decimal, Decimal)> {
        let vcpu = s.vcpu.get().0.normalize();
        let memory_gb = s.memory_gb.get().0.normalize();
        let Some(memories) = fargate::valid_memory_gb(vcpu, os) else {
            let valid = fargate::describe(&fargate::valid_vcpus(os));
            let hint = if vcpu >= dec(128) && (vcpu / dec(256)).fract().is_zero() {
                format!(
                    "{vcpu} looks like ECS CPU units; `vcpu` is in vCPU: {} for {vcpu} units",
                    (vcpu / dec(1024)).normalize()
                )
            } else {
                format!("valid `vcpu` values for {}: {valid}", os.id())
            };
            return Err(self.err(
                s.vcpu.span(),
                format!("`vcpu = {vcpu}` is not a Fargate task size for {}", os.id()),
                Some(hint),
            ));
        };
        if !memories.contains(&memory_gb) {
            let hint = if memory_gb >= dec(512)
                && memories.contains(&(memory_gb / dec(1024)).normalize())
            {
                format!(
                    "{memory_gb} looks like MiB; `memory_gb` is in GB: {}",
                    (memory_gb / dec(1024)).normalize()
                )
            } else {
                format!(
                    "with {vcpu} vCPU, memory_gb may be {}",
                    fargate::describe(&memories)
                )
            };
            return Err(self.err(
                s.memory_gb.span(),
                format!("`memory_gb = {memory_gb}` is not valid with {vcpu} vCPU on Fargate"),
                Some(hint),
            ));
        }
        Ok((vcpu, memory_gb))
    }
}
