import Foundation
@_spi(RootmailHost) import RootmailKit
import Synchronization

/// A temporary folder removed when the value goes away.
final class TempFolder {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.path + "/rootmail-aws-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `text` to `name` inside the folder, returns its path.
  @discardableResult
  func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
    return file
  }
}

/// A provider that answers with fixed credentials and counts its calls.
final class CountingProvider: AWSCredentialProvider {
  private let calls = Mutex(0)
  let answer: @Sendable (Int) throws -> AWSCredentials?

  init(_ answer: @escaping @Sendable (Int) throws -> AWSCredentials?) { self.answer = answer }

  var callCount: Int { calls.withLock { $0 } }

  func credentials() async throws -> AWSCredentials? {
    let n = calls.withLock {
      $0 += 1
      return $0
    }
    return try answer(n)
  }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
  private let current: Mutex<Date>
  init(_ start: Date) { current = Mutex(start) }
  var now: Date { current.withLock { $0 } }
  func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
