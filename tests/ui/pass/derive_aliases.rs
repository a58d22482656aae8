// Aliases of the right types fit: the derive checks types with the compiler, not by name.
stitch_types::include_report_card!("../../../../schemas/destinations/postgres.json");

type Name = String;
type Port = u32;
type Flag = bool;
type Encryption = PostgresEncryptionType;

#[derive(stitch_types::Properties)]
#[stitch(report_card = "../../../../schemas/destinations/postgres.json")]
struct Warehouse {
    database: Name,
    encryption_type: Encryption,
    host: Name,
    password: stitch_types::Secret<Name>,
    port: Port,
    ssl: Flag,
    username: Name,
}

fn main() {
    let warehouse = Warehouse {
        database: "analytics".into(),
        encryption_type: PostgresEncryptionType::None,
        host: "db.example.com".into(),
        password: "hunter2".into(),
        port: 5432,
        ssl: false,
        username: "stitch".into(),
    };
    let _ = stitch_types::CreateDestination::new("Staging", warehouse);
}
