//! ECS on Fargate: vCPU-hours and GB-hours per service, the Windows licence, extra ephemeral storage.

use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::{CapacityProvider, LaunchType, Os, Topology};
use rust_decimal::Decimal;

/// Ephemeral storage included with every task, in GB.
pub const INCLUDED_EPHEMERAL_STORAGE_GB: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    // Tasks on EC2 container instances cost what their instances cost; the estimate's warnings
    // say they are not priced here.
    for s in t
        .services
        .iter()
        .filter(|s| s.launch_type == LaunchType::Fargate)
    {
        let task_hours = quantity_mul("task hours", Decimal::from(s.count), s.hours_per_month)?;
        let spot = s.capacity == CapacityProvider::Spot;
        let os_label = match s.os {
            Os::Linux => "Linux",
            Os::Windows => "Windows",
        };
        let (arch_id, capacity_id) = (s.arch.id(), s.capacity.id());
        let (os, arch) = (s.os.id(), s.arch.id());
        p.add(
            Group::EcsFargate,
            &s.name,
            format_args!("vCPU ({os_label}/{arch_id}, {capacity_id})"),
            quantity_mul("vCPU hours", task_hours, s.vcpu)?,
            &key::fargate_vcpu_hour(spot, os, arch),
        )?;
        p.add(
            Group::EcsFargate,
            &s.name,
            format_args!("memory ({os_label}/{arch_id}, {capacity_id})"),
            quantity_mul("GB hours", task_hours, s.memory_gb)?,
            &key::fargate_gb_hour(spot, os, arch),
        )?;
        if s.os == Os::Windows {
            p.add(
                Group::EcsFargate,
                &s.name,
                "Windows OS licence",
                quantity_mul("vCPU hours", task_hours, s.vcpu)?,
                key::FARGATE_WINDOWS_LICENSE,
            )?;
        }
        if s.ephemeral_storage_gb > INCLUDED_EPHEMERAL_STORAGE_GB {
            p.add(
                Group::EcsFargate,
                &s.name,
                "ephemeral storage above 20 GB",
                quantity_mul(
                    "ephemeral storage GB hours",
                    task_hours,
                    s.ephemeral_storage_gb - INCLUDED_EPHEMERAL_STORAGE_GB,
                )?,
                key::FARGATE_EPHEMERAL_STORAGE,
            )?;
        }
    }
    Ok(())
}
