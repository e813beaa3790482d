"""The code generator: typed models, resources and fake data from the platform's OpenAPI spec.

A developer tool (never imported by the package). ``python -m codegen`` rewrites the
generated files; ``python -m codegen --check`` exits 1 when any of them differs from what the
generator writes (CI runs it). Inputs: ``codegen/spec/rc-platform.yml`` (a verbatim copy of the
platform spec, see ``codegen/spec/SOURCE.md``) and ``codegen/overrides.toml``.
"""
