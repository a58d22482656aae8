// A type named like the right one is not the right one: the compiler checks the type itself,
// and the error is on the user's type.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

mod my {
    pub struct String;
}

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: my::String,
    encryption_type: PostgresEncryptionType,
    host: String,
    password: stitch_types::Secret<String>,
    port: u16,
    ssl: bool,
    username: String,
}

fn main() {}
