// The Trie module; see Package.swift for what it holds.
