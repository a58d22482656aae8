// Generic structs are not supported; the error says so once.
#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse<T> {
    host: T,
}

fn main() {}
