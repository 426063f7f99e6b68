// swift-tools-version:6.0
// RootmailKit is its own package so that its product can be one *dynamic* library that the
// `rootmail` executable and every plugin link against (see docs/ARCHITECTURE.md, "One shared kit, loaded once").
import PackageDescription

let package = Package(
  name: "RootmailKit",
  products: [
    .library(name: "RootmailKit", type: .dynamic, targets: ["RootmailKit"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    // The SigV4 signer alone (as soto's SotoSignerV4): no dependency but libcrypto's digests.
    .target(name: "RootmailSigV4", path: "Sources/RootmailSigV4", swiftSettings: [.swiftLanguageMode(.v6)]),
    .target(
      name: "RootmailKit",
      dependencies: [
        "RootmailSigV4",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Sources/RootmailKit",
      swiftSettings: [.swiftLanguageMode(.v6)]
    ),
  ]
)
