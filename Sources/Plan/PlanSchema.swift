// The JSON Schema of the plan format lives in one file, Sources/Plan/plan.schema.json (linked as
// docs/plan.schema.json), compiled into this module by SwiftPM (`.embedInCode` in Package.swift).

/// The plan format's JSON Schema (draft 2020-12), as `ballast plan schema` prints it.
public enum PlanSchema {
    /// The schema's text, byte for byte the file's.
    public static let text: String = String(decoding: PackageResources.plan_schema_json, as: UTF8.self)
}
