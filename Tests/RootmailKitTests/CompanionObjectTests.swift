import Foundation
import Testing

@_spi(RootmailHost) @testable import RootmailKit

/// `CompanionObject`: callers that ask for a companion's object at once (eight downloads
/// starting together) load the library once and share one object.
@Suite struct CompanionObjectTests {
  /// Descriptors this process holds open on `library` (a loaded companion keeps its own).
  func descriptors(to library: String) throws -> Set<String> {
    Set(
      try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { fd in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasSuffix("/" + library)
          == true
      })
  }

  @Test func callersAskingAtOnceLoadTheLibraryOnce() async throws {
    let library = MailParserLoader.libraryName
    let object = CompanionObject<any MailParser>(library: library, symbol: MailParserLoader.factorySymbol)
    let before = try descriptors(to: library)
    let made = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
      for _ in 0..<8 { group.addTask { ObjectIdentifier(try await object.get()) } }
      var made = Set<ObjectIdentifier>()
      for try await one in group { made.insert(one) }
      return made
    }
    #expect(made.count == 1)
    #expect(try descriptors(to: library).subtracting(before).count == 1)
    // Later callers get the same object without loading again.
    #expect(ObjectIdentifier(try await object.get()) == made.first)
    #expect(try descriptors(to: library).subtracting(before).count == 1)
  }
}
