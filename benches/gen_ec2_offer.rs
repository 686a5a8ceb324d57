//! Writes an AmazonEC2-shaped regional offer file for the import benchmark (not a timed test).
//!
//! `cargo bench --bench gen_ec2_offer -- OUT.json [MEGABYTES]` (default 1100 MB). The layout is
//! the real one (`shared/reference/aws-prices.md` §2.4): `products` keyed by SKU with ~30 string
//! attributes, then `terms.OnDemand` and `terms.Reserved` (upfront + hourly dimensions), written
//! with AWS's `"key" : value` spacing. Among the compute products sit the NAT gateway products
//! costplan selects (plus RegionalNatGateway look-alikes), so an import finds exactly one
//! product per NAT key. Deterministic.

use std::io::{BufWriter, Write};

fn sku(i: u64) -> String {
    const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D_4C95_7F2D;
    (0..16)
        .map(|_| {
            let c = A[(x % 32) as usize] as char;
            x = x.rotate_right(5).wrapping_add(0x1234_5678);
            c
        })
        .collect()
}

const FAMILIES: &[&str] = &[
    "m5", "c5", "r5", "m6i", "c6i", "r6i", "m7g", "c7g", "t3", "t4g",
];
const SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
];
const OS: &[&str] = &["Linux", "Windows", "RHEL", "SUSE"];
const TENANCY: &[&str] = &["Shared", "Dedicated", "Host"];
const SW: &[&str] = &["NA", "SQL Std", "SQL Web", "SQL Ent"];

fn product(w: &mut impl Write, i: u64, first: bool) -> std::io::Result<()> {
    let s = sku(i);
    let fam = FAMILIES[(i % 10) as usize];
    let size = SIZES[((i / 10) % 8) as usize];
    let os = OS[((i / 80) % 4) as usize];
    let ten = TENANCY[((i / 320) % 3) as usize];
    let sw = SW[((i / 960) % 4) as usize];
    let sep = if first { "" } else { ",\n" };
    write!(
        w,
        r#"{sep}    "{s}" : {{
      "sku" : "{s}",
      "productFamily" : "Compute Instance",
      "attributes" : {{
        "servicecode" : "AmazonEC2",
        "location" : "US East (N. Virginia)",
        "locationType" : "AWS Region",
        "instanceType" : "{fam}.{size}",
        "currentGeneration" : "Yes",
        "instanceFamily" : "General purpose",
        "vcpu" : "{v}",
        "physicalProcessor" : "Intel Xeon Platinum 8175",
        "clockSpeed" : "3.1 GHz",
        "memory" : "{m} GiB",
        "storage" : "EBS only",
        "networkPerformance" : "Up to 10 Gigabit",
        "processorArchitecture" : "64-bit",
        "tenancy" : "{ten}",
        "operatingSystem" : "{os}",
        "licenseModel" : "No License required",
        "usagetype" : "BoxUsage:{fam}.{size}",
        "operation" : "RunInstances:{op:04}",
        "availabilityzone" : "NA",
        "capacitystatus" : "Used",
        "classicnetworkingsupport" : "false",
        "dedicatedEbsThroughput" : "Up to 4750 Mbps",
        "ecu" : "10",
        "enhancedNetworkingSupported" : "Yes",
        "gpuMemory" : "NA",
        "intelAvxAvailable" : "Yes",
        "intelAvx2Available" : "Yes",
        "intelTurboAvailable" : "Yes",
        "marketoption" : "OnDemand",
        "normalizationSizeFactor" : "4",
        "preInstalledSw" : "{sw}",
        "processorFeatures" : "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo",
        "regionCode" : "us-east-1",
        "servicename" : "Amazon Elastic Compute Cloud",
        "vpcnetworkingsupport" : "true"
      }}
    }}"#,
        v = 2u64 << ((i / 10) % 8),
        m = 8u64 << ((i / 10) % 8),
        op = i % 10000,
    )
}

fn nat(w: &mut impl Write, s: &str, usage: &str, op: &str) -> std::io::Result<()> {
    write!(
        w,
        r#",
    "{s}" : {{
      "sku" : "{s}",
      "productFamily" : "NAT Gateway",
      "attributes" : {{
        "servicecode" : "AmazonEC2",
        "location" : "US East (N. Virginia)",
        "locationType" : "AWS Region",
        "group" : "NGW:NatGateway",
        "groupDescription" : "Charge for NAT Gateways",
        "usagetype" : "{usage}",
        "operation" : "{op}",
        "regionCode" : "us-east-1",
        "servicename" : "Amazon Elastic Compute Cloud"
      }}
    }}"#
    )
}

fn dim(
    w: &mut impl Write,
    rate: &str,
    desc: &str,
    unit: &str,
    usd: &str,
    range: bool,
) -> std::io::Result<()> {
    let ranges = if range {
        "\n              \"beginRange\" : \"0\",\n              \"endRange\" : \"Inf\","
    } else {
        ""
    };
    write!(
        w,
        r#"            "{rate}" : {{
              "rateCode" : "{rate}",
              "description" : "{desc}",{ranges}
              "unit" : "{unit}",
              "pricePerUnit" : {{
                "USD" : "{usd}"
              }},
              "appliesTo" : [ ]
            }}"#
    )
}

fn on_demand(w: &mut impl Write, s: &str, usd: &str, first: bool) -> std::io::Result<()> {
    let sep = if first { "" } else { ",\n" };
    write!(
        w,
        "{sep}      \"{s}\" : {{\n        \"{s}.JRTCKXETXF\" : {{\n          \"offerTermCode\" : \"JRTCKXETXF\",\n          \"sku\" : \"{s}\",\n          \"effectiveDate\" : \"2026-10-01T00:00:00Z\",\n          \"priceDimensions\" : {{\n"
    )?;
    dim(
        w,
        &format!("{s}.JRTCKXETXF.6YS6EN2CT7"),
        &format!("${usd} per On Demand Linux hour"),
        "Hrs",
        usd,
        true,
    )?;
    write!(
        w,
        "\n          }},\n          \"termAttributes\" : {{ }}\n        }}\n      }}"
    )
}

fn reserved(w: &mut impl Write, s: &str, first: bool) -> std::io::Result<()> {
    let sep = if first { "" } else { ",\n" };
    writeln!(w, "{sep}      \"{s}\" : {{")?;
    let terms = [
        ("4NA7Y494T4", "1yr", "No Upfront", "standard"),
        ("6QCMYABX3D", "1yr", "All Upfront", "standard"),
        ("HU7G6KETJZ", "1yr", "Partial Upfront", "standard"),
        ("38NPMPTW36", "3yr", "Partial Upfront", "standard"),
        ("7NE97W5U4E", "1yr", "No Upfront", "convertible"),
        ("BPH4J8HBKS", "3yr", "No Upfront", "standard"),
    ];
    for (k, (code, lease, option, class)) in terms.iter().enumerate() {
        write!(
            w,
            "        \"{s}.{code}\" : {{\n          \"offerTermCode\" : \"{code}\",\n          \"sku\" : \"{s}\",\n          \"effectiveDate\" : \"2026-10-01T00:00:00Z\",\n          \"priceDimensions\" : {{\n"
        )?;
        dim(
            w,
            &format!("{s}.{code}.2TG2D8R56U"),
            "Upfront Fee",
            "Quantity",
            "520",
            false,
        )?;
        writeln!(w, ",")?;
        dim(
            w,
            &format!("{s}.{code}.6YS6EN2CT7"),
            "Linux/UNIX (Amazon VPC), reserved",
            "Hrs",
            "0.0350000000",
            true,
        )?;
        write!(
            w,
            "\n          }},\n          \"termAttributes\" : {{\n            \"LeaseContractLength\" : \"{lease}\",\n            \"OfferingClass\" : \"{class}\",\n            \"PurchaseOption\" : \"{option}\"\n          }}\n        }}{}\n",
            if k + 1 == terms.len() { "" } else { "," }
        )?;
    }
    write!(w, "      }}")
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let out = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/tmp/AmazonEC2-us-east-1-bench.json".into());
    let mb: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1100);
    // ~9.3 KB per compute product with its terms.
    let n = mb * 1_000_000 / 9_300;
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&out)?);
    write!(
        w,
        "{{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"This pricing list is for informational purposes only.\",\n  \"offerCode\" : \"AmazonEC2\",\n  \"version\" : \"20261001000000\",\n  \"publicationDate\" : \"2026-10-01T00:00:00Z\",\n  \"products\" : {{\n"
    )?;
    let nats = [
        (
            "NATHOURSNATHOURS",
            "NatGateway-Hours",
            "NatGateway",
            "0.0450000000",
        ),
        (
            "NATBYTESNATBYTES",
            "NatGateway-Bytes",
            "NatGateway",
            "0.0450000000",
        ),
        (
            "REGNATHRREGNATHR",
            "RegionalNatGateway-Hours",
            "RegionalNatGateway",
            "0.0450000000",
        ),
        (
            "PRVDNATHPRVDNATH",
            "NatGateway-Prvd-Hours",
            "NatGateway",
            "0.0450000000",
        ),
    ];
    for i in 0..n {
        product(&mut w, i, i == 0)?;
        if i == n / 2 {
            for (s, u, op, _) in &nats {
                nat(&mut w, s, u, op)?;
            }
        }
    }
    write!(w, "\n  }},\n  \"terms\" : {{\n    \"OnDemand\" : {{\n")?;
    for i in 0..n {
        on_demand(&mut w, &sku(i), "0.0960000000", i == 0)?;
        if i == n / 2 {
            for (s, _, _, usd) in &nats {
                on_demand(&mut w, s, usd, false)?;
            }
        }
    }
    write!(w, "\n    }},\n    \"Reserved\" : {{\n")?;
    for i in 0..n {
        reserved(&mut w, &sku(i), i == 0)?;
    }
    write!(w, "\n    }}\n  }},\n  \"attributesList\" : {{ }}\n}}\n")?;
    w.flush()?;
    let len = std::fs::metadata(&out)?.len();
    println!("wrote {out}: {len} bytes, {} products", n + 4);
    Ok(())
}
