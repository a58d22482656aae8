// The derive needs to know which card to check against.
#[derive(stitch_types::Properties)]
struct Warehouse {
    host: String,
}

fn main() {}
