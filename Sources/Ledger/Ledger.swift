// The Ledger module; see Package.swift for what it holds.
