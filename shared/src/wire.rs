//! Fieldless enums that travel as fixed strings (`"in_progress"`, `"vote_budget_exceeded"`).
//!
//! [`wire_enum!`] declares such an enum together with its wire names, once: serde,
//! the OpenAPI schema and the code that needs the names as text (`<option value>`,
//! CSV cells) all read them from [`as_str`](crate::ActionStatus::as_str), so there is
//! no second spelling to keep in step with a `rename_all`.

/// Declares `pub enum $name { $variant = "wire", … }` with `ALL`, `as_str`, `parse`,
/// `Serialize`, `Deserialize` (unknown names are refused with serde's usual
/// "unknown variant" error) and, with the `openapi` feature, a JSON Schema that lists
/// the names.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// Every wire name, in declaration order: the one list of them.
            const NAMES: &'static [&'static str] = &[$($wire,)*];

            /// The name on the wire.
            pub const fn as_str(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// The value a wire name stands for.
            pub fn parse(wire: &str) -> Option<$name> {
                let i = Self::NAMES.iter().position(|name| *name == wire)?;
                Self::ALL.get(i).copied()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                struct Names;
                impl ::serde::de::Visitor<'_> for Names {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " name"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, wire: &str) -> Result<$name, E> {
                        $name::parse(wire).ok_or_else(|| E::unknown_variant(wire, $name::NAMES))
                    }
                }
                deserializer.deserialize_str(Names)
            }
        }

        #[cfg(feature = "openapi")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": $name::NAMES })
            }
        }
    };
}

pub(crate) use wire_enum;
