//! Runs `pricing import` on offer files, for `benches/import_throughput.sh` (which measures it
//! with `/usr/bin/time -v`). `cargo bench --bench import_offer -- --region R --out DIR FILE...`
//! (the library function the CLI's `costplan pricing import` calls).

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut region = "us-east-1".to_string();
    let mut out = std::path::PathBuf::from("/tmp/costplan-bench-out");
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--region" => region = args.next().unwrap_or(region),
            "--out" => out = args.next().map(Into::into).unwrap_or(out),
            _ => files.push(std::path::PathBuf::from(a)),
        }
    }
    let mut stdout = std::io::stdout();
    match costplan::pricing::commands::import(&files, &region, &out, &mut stdout) {
        Ok(_) => {}
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(i32::from(e.exit_code()));
        }
    }
}
