//! Reading internally tagged enums (`{"type":"vote_cast", …}`) without serde's
//! buffering, for [`crate::Event`] and [`crate::Command`].
//!
//! serde's derived `Deserialize` for `#[serde(tag = "type")]` cannot know where the
//! tag is, so it first reads the whole object into serde's private `Content` tree
//! and then reads the variant a second time out of that tree. That costs an
//! allocation per key and value on every read (a command per vote on the server),
//! and instantiates every field type's deserializer a second time (about 16 KB gzip
//! of the browser's wasm for events).
//!
//! Summit always writes the tag first: serde's derive writes `"type"` before the
//! fields, and so does the browser. So an object is read in one of two ways, with
//! the same result:
//!
//! - **`"type"` is the first key**: the tag's value picks the variant, and the rest
//!   of the same object goes straight to the derived code of that variant in an
//!   externally tagged twin of the enum, reading from the original deserializer.
//!   Nothing is buffered.
//! - **any other key order** (JSON written by hand or by another tool), with the
//!   `any-key-order` feature (on by default, so on the server): the object is read
//!   into [`serde_json::Value`]s, written back as JSON with `"type"` first, and read
//!   again the first way. Slower, but only for input Summit never writes. The browser
//!   turns the feature off (it reads only what Summit's server writes, and the
//!   `Value` code would cost it 5 KB gzip); there such an object is refused.
//!
//! [`tagged_enum!`] declares an enum, its twin and its `Deserialize` from one list of
//! variants, so adding a variant is one edit. What each enum accepts is what its
//! derive accepted; `shared/tests/event_json.rs`
//! and `shared/tests/command_json.rs` compare both with a copy of the derived enum.
//! Two deliberate differences, for input no Summit writer ever produced: the enum
//! must be a JSON object (the derive also took an array with the tag first), and a
//! second `"type"` key after the first is treated like any other unknown field.

#[cfg(feature = "any-key-order")]
use serde::de::DeserializeOwned;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, VariantAccess, Visitor,
};
use serde::Deserialize;
use std::fmt;

/// Declares an internally tagged enum (`#[serde(tag = "type")]` among `$meta`, for
/// its `Serialize` and schema) and its unbuffered `Deserialize` (see the module
/// docs): a private module holds the externally tagged twin, with the same variants
/// and fields and the serde attributes in `twin(…)`, and the conversion from it.
/// `reads_as` names the enum in the error for an object whose tag is not first.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $twin_mod:ident, reads_as($what:literal), twin($($twin:tt)*) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $({
                    $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant $({ $( $(#[$fmeta])* $field: $fty ),* })?,
            )*
        }

        mod $twin_mod {
            #[allow(unused_imports)]
            use super::*;
            use serde::de::{Deserializer, MapAccess, Visitor};

            impl<'de> ::serde::Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                    deserializer.deserialize_map(TaggedVisitor)
                }
            }

            struct TaggedVisitor;

            impl<'de> Visitor<'de> for TaggedVisitor {
                type Value = $name;

                fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                    // The derive's wording, so error messages stay the same.
                    f.write_str(concat!("internally tagged enum ", stringify!($name)))
                }

                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                    $crate::tagged::read::<A, Twin, $name>(map, $what)
                }
            }

            /// The enum's variants and fields, externally tagged: the variant's
            /// derived code reads its fields.
            #[derive(::serde::Deserialize)]
            #[serde($($twin)*)]
            enum Twin {
                $( $variant $({ $( $(#[$fmeta])* $field: $fty ),* })?, )*
            }

            impl From<Twin> for $name {
                fn from(twin: Twin) -> $name {
                    match twin {
                        $( Twin::$variant $({ $($field),* })? => $name::$variant $({ $($field),* })?, )*
                    }
                }
            }
        }
    };
}

pub(crate) use tagged_enum;

/// The name of the tag key, as `#[serde(tag = "type")]` writes it.
pub(crate) const TAG: &str = "type";

/// Reads an internally tagged `T` from an object's entries through its externally
/// tagged twin `Twin` (see the module docs). `what` names `T` in the error for an
/// object whose tag is not first, where that is refused.
pub(crate) fn read<'de, A, Twin, T>(
    mut map: A,
    #[cfg_attr(feature = "any-key-order", allow(unused_variables))] what: &str,
) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    Twin: Deserialize<'de>,
    T: From<Twin> + ReadAgain,
{
    match map.next_key_seed(FirstKey)? {
        None => Err(de::Error::missing_field(TAG)),
        Some(None) => Twin::deserialize(TagFirst(map)).map(T::from),
        #[cfg(feature = "any-key-order")]
        Some(Some(first)) => reorder::<A, T>(first, map),
        #[cfg(not(feature = "any-key-order"))]
        Some(Some(_)) => Err(de::Error::custom(format!(
            "the `type` key must come first in {what}"
        ))),
    }
}

/// What the slow path needs to read a value again from JSON.
#[cfg(feature = "any-key-order")]
pub(crate) trait ReadAgain: DeserializeOwned {}
#[cfg(feature = "any-key-order")]
impl<T: DeserializeOwned> ReadAgain for T {}
#[cfg(not(feature = "any-key-order"))]
pub(crate) trait ReadAgain {}
#[cfg(not(feature = "any-key-order"))]
impl<T> ReadAgain for T {}

/// Reads the first key: `None` when it is the tag, else the key itself.
pub(crate) struct FirstKey;

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FirstKey {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != TAG).then(|| key.to_owned()))
    }
}

#[cfg(feature = "any-key-order")]
/// The slow path: the object did not start with the tag. Reads it whole, then reads
/// it again with the tag first (see the module docs).
fn reorder<'de, A: MapAccess<'de>, T: DeserializeOwned>(
    first: String,
    mut map: A,
) -> Result<T, A::Error> {
    let mut tag: Option<serde_json::Value> = None;
    let mut rest = vec![(first, map.next_value::<serde_json::Value>()?)];
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value::<serde_json::Value>()?;
        if key == TAG {
            if tag.is_some() {
                return Err(de::Error::duplicate_field(TAG));
            }
            tag = Some(value);
        } else {
            rest.push((key, value));
        }
    }
    let Some(tag) = tag else {
        return Err(de::Error::missing_field(TAG));
    };
    let mut json = format!("{{\"{TAG}\":{tag}");
    for (key, value) in &rest {
        json.push(',');
        json.push_str(&serde_json::Value::from(key.as_str()).to_string());
        json.push(':');
        json.push_str(&value.to_string());
    }
    json.push('}');
    serde_json::from_str(&json).map_err(de::Error::custom)
}

/// An object whose first key, the tag, has just been read, presented as an
/// externally tagged enum: the tag's value names the variant, the rest of the
/// object holds its fields.
pub(crate) struct TagFirst<A>(A);

impl<'de, A: MapAccess<'de>> Deserializer<'de> for TagFirst<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for TagFirst<A> {
    type Error = A::Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        mut self,
        seed: V,
    ) -> Result<(V::Value, Self), A::Error> {
        // The derive's variant identifier reads the tag's value, as it would have.
        let variant = self.0.next_value_seed(seed)?;
        Ok((variant, self))
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for TagFirst<A> {
    type Error = A::Error;

    /// Like the derive, any other keys next to a unit variant's tag are ignored.
    fn unit_variant(mut self) -> Result<(), A::Error> {
        while self.0.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        seed.deserialize(de::value::MapAccessDeserializer::new(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, A::Error> {
        // [`Tagged`] has none; an object never holds a tuple.
        Err(de::Error::invalid_type(de::Unexpected::Map, &visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}
