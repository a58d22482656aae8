// @generated: a user's struct and what #[derive(Properties)] writes for it against `destinations/postgres.json`; re-bless with STITCH_BLESS=1.
/// A user's own config struct, checked against the card.
#[derive(Clone)]
pub struct Warehouse {
    pub host: String,
    pub port: u32,
    pub database: String,
    pub user: String,
    pub password: stitch_types::Secret<String>,
    pub ssl: bool,
    pub encryption_type: super::postgres::PostgresEncryptionType,
    pub encryption_port: Option<u16>,
}
const _: () = {
    use ::stitch_types::__private_0_1_0 as stitch;
    #[allow(unused_imports)]
    use stitch::{
        GeneratedField as _, GeneratedFieldFallback as _, GeneratedParse as _,
        GeneratedParseFallback as _,
    };
    const _: fn(String) -> ::std::string::String = |value| value;
    const _: () = stitch::unsigned_field::<u32>();
    const _: fn(String) -> ::std::string::String = |value| value;
    const _: fn(String) -> ::std::string::String = |value| value;
    const _: fn(String) -> ::std::string::String = |value| value;
    const _: fn(bool) -> ::core::primitive::bool = |value| value;
    const _: () = ::core::assert!(
        stitch::str_eq(< super::postgres::PostgresEncryptionType as stitch::CardValue >
        ::SCHEMA, "{\"pattern\":\"^(ssh|none)$\",\"type\":\"string\"}"),
        "`encryption_type` (destinations/postgres.json:43:9, /steps/0/properties/3) needs a type generated from its own schema, such as `PostgresEncryptionType`"
    );
    const _: () = stitch::unsigned_field::<u16>();
    impl stitch::serde::Serialize for Warehouse {
        fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
        where
            S: stitch::serde::Serializer,
        {
            use stitch::serde::ser::SerializeMap as _;
            let present = [self.encryption_port.is_some()];
            let len = 7 + present.iter().filter(|present| **present).count();
            let mut map = serializer.serialize_map(::core::option::Option::Some(len))?;
            map.serialize_entry("database", &self.database)?;
            if let ::core::option::Option::Some(value) = &self.encryption_port {
                map.serialize_entry("encryption_port", &stitch::UintString(*value))?;
            }
            (&stitch::Generated(&self.encryption_type))
                .write_generated(&mut map, "encryption_type")?;
            map.serialize_entry("host", &self.host)?;
            map.serialize_entry("password", stitch::expose(&self.password))?;
            map.serialize_entry("port", &stitch::UintString(self.port))?;
            map.serialize_entry("ssl", &stitch::BoolString(self.ssl))?;
            map.serialize_entry("username", &self.user)?;
            map.end()
        }
    }
    impl stitch::ReadObject for Warehouse {
        fn read_object<'de, A>(
            map: A,
        ) -> ::core::result::Result<stitch::Parsed<Self>, A::Error>
        where
            A: stitch::serde::de::MapAccess<'de>,
        {
            static KEYS: stitch::Keys<'static> = stitch::Keys {
                fields: &[
                    "database",
                    "encryption_port",
                    "encryption_type",
                    "host",
                    "password",
                    "port",
                    "ssl",
                    "username",
                ],
                constants: &[],
                required: &[true, false, true, true, true, true, true, true],
                index: stitch::KeyIndex::new(),
                read_only: &[],
                immutable: &[],
                not_held: &["encryption_host", "encryption_username", "sslrootcert"],
            };
            let mut reader = stitch::ObjectReader::new(&KEYS, map);
            let mut database = ::core::option::Option::None;
            let mut encryption_port = ::core::option::Option::None;
            let mut encryption_type = ::core::option::Option::None;
            let mut host = ::core::option::Option::None;
            let mut password = ::core::option::Option::None;
            let mut port = ::core::option::Option::None;
            let mut ssl = ::core::option::Option::None;
            let mut user = ::core::option::Option::None;
            while let ::core::option::Option::Some(field) = reader.next_field()? {
                match field {
                    0 => reader.read(stitch::string(), &mut database)?,
                    1 => {
                        reader
                            .read(stitch::digit_string("^\\d+$"), &mut encryption_port)?
                    }
                    2 => {
                        reader
                            .read(
                                (&stitch::ParseAs::<
                                    super::postgres::PostgresEncryptionType,
                                >::new())
                                    .parser(),
                                &mut encryption_type,
                            )?
                    }
                    3 => reader.read(stitch::string(), &mut host)?,
                    4 => {
                        reader.read(stitch::credential(stitch::string()), &mut password)?
                    }
                    5 => reader.read(stitch::digit_string("^\\d+$"), &mut port)?,
                    6 => reader.read(stitch::bool_string("^(true|false)$"), &mut ssl)?,
                    7 => reader.read(stitch::string(), &mut user)?,
                    _ => {}
                }
            }
            if let ::core::result::Result::Err(invalid) = reader.finish() {
                return ::core::result::Result::Ok(::core::result::Result::Err(invalid));
            }
            let ::core::option::Option::Some(database) = database else {
                return stitch::missing();
            };
            let ::core::option::Option::Some(encryption_type) = encryption_type else {
                return stitch::missing();
            };
            let ::core::option::Option::Some(host) = host else {
                return stitch::missing();
            };
            let ::core::option::Option::Some(password) = password else {
                return stitch::missing();
            };
            let ::core::option::Option::Some(port) = port else {
                return stitch::missing();
            };
            let ::core::option::Option::Some(ssl) = ssl else {
                return stitch::missing();
            };
            let ::core::option::Option::Some(user) = user else {
                return stitch::missing();
            };
            ::core::result::Result::Ok(
                ::core::result::Result::Ok(Warehouse {
                    database,
                    encryption_port,
                    encryption_type,
                    host,
                    password,
                    port,
                    ssl,
                    user,
                }),
            )
        }
    }
    impl<'de> stitch::serde::Deserialize<'de> for Warehouse {
        fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
        where
            D: stitch::serde::Deserializer<'de>,
        {
            stitch::deserialize_properties(deserializer, "postgres")
        }
    }
    impl stitch::Properties for Warehouse {
        const CARD_TYPE: &'static str = "postgres";
        const CREDENTIALS: &'static [&'static str] = &["password"];
        fn from_json_map(
            map: stitch::serde_json::Map<
                ::std::string::String,
                stitch::serde_json::Value,
            >,
        ) -> ::core::result::Result<Self, stitch::PropertiesError> {
            stitch::properties_from_map(map, "postgres")
        }
    }
    impl stitch::PropertiesBody for Warehouse {
        fn card_type(&self) -> &str {
            <Self as stitch::Properties>::CARD_TYPE
        }
        fn is_credential(&self, wire_name: &str) -> bool {
            <Self as stitch::Properties>::CREDENTIALS.contains(&wire_name)
        }
    }
    impl stitch::DestinationProperties for Warehouse {}
    impl ::core::fmt::Debug for Warehouse {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.debug_struct("Warehouse")
                .field("host", &self.host)
                .field("port", &self.port)
                .field("database", &self.database)
                .field("user", &self.user)
                .field("password", &self.password)
                .field("ssl", &self.ssl)
                .field(
                    "encryption_type",
                    (&stitch::Generated(&self.encryption_type)).debug_generated(),
                )
                .field("encryption_port", &self.encryption_port)
                .finish()
        }
    }
};
