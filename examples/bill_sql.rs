//! Prints costplan's bill aggregation query (`costplan::bill::sql`) until `costplan actual
//! --emit-sql` exposes it: `cargo run --example bill_sql -- athena|spark|duckdb cur2|legacy TABLE [YYYY-MM]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bill_sql athena|spark|duckdb cur2|legacy TABLE [YYYY-MM]";
    let (Some(d), Some(s), Some(table)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let dialect = costplan::bill::sql::Dialect::parse(d);
    let schema = costplan::bill::sql::Schema::parse(s);
    let (Some(dialect), Some(schema)) = (dialect, schema) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    match costplan::bill::sql::emit(dialect, schema, args.get(3).map(String::as_str), table) {
        Ok(sql) => print!("{sql}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
