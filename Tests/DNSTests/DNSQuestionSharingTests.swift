import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Questions in flight share one waiting thread: `dns check` asks two dozen at once, and a
/// thread made for each (ldns blocks in poll) cost more than the questions themselves.
@Suite struct DNSQuestionSharingTests {
  /// The threads of this process now, by id.
  func threadIDs() -> Set<String> {
    Set((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [])
  }

  @Test func manyQuestionsInFlightMakeNoThreadEach() async throws {
    // A server on loopback that answers only once every question has arrived.
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    try #require(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var size = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
    }
    // Each receive gives up after a second so the loop can see whether the client stopped
    // asking; there is no limit on the whole, which a busy machine could exceed.
    var wait = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    let server = DNSServer(address: "127.0.0.1", port: UInt16(bigEndian: address.sin_port))

    // Many, so that a thread each stands far above the threads the tests running beside this
    // one make meanwhile (they share the process).
    let questions = 200
    let before = threadIDs()
    // No time limit the test could reach: it ends as soon as every answer is in.
    let client = DNSClient(timeout: .seconds(3600), attempts: 1, deadline: .now + .seconds(7200))
    let finished = Atomic<Bool>(false)
    let asking = Task {
      let answered = await withTaskGroup(of: Bool.self) { group in
        for i in 0..<questions {
          group.addTask { if case .success = await client.query("q\(i).example.com.", .a, at: server) { true } else { false } }
        }
        return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
      }
      finished.store(true, ordering: .releasing)
      return answered
    }
    // Every question sent, none answered: all of them are waiting now. Other tests in this
    // process can hold Swift's few cooperative threads for minutes (they wait for their
    // processes), so only ten minutes without one new question is taken as a client stuck.
    var asked: [([UInt8], sockaddr_storage, socklen_t)] = []
    var lastProgress = ContinuousClock.now
    while asked.count < questions {
      var buffer = [UInt8](repeating: 0, count: 512)
      var from = sockaddr_storage()
      var fromSize = socklen_t(MemoryLayout<sockaddr_storage>.size)
      let count = withUnsafeMutablePointer(to: &from) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &fromSize) }
      }
      if count > 12 {
        asked.append((Array(buffer.prefix(count)), from, fromSize))
        lastProgress = .now
      } else if finished.load(ordering: .acquiring) || ContinuousClock.now - lastProgress > .seconds(600) {
        Issue.record("only \(asked.count) of \(questions) questions arrived")
        return
      }
    }
    let new = threadIDs().subtracting(before).count
    // Answer each with its own question, marked as a response.
    for (question, from, fromSize) in asked {
      var answer = question
      answer[2] |= 0x80
      var to = from
      _ = withUnsafePointer(to: &to) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, answer, answer.count, 0, $0, fromSize) }
      }
    }
    #expect(await asking.value == questions)
    // A thread per question made 200 more; the waiter is one (the pool and the tests beside
    // this one may add some).
    #expect(new < questions / 2, "\(new) threads made while \(questions) questions waited")
  }
}

extension DNSCheckTests {
  /// The DKIM questions wait for SES's DKIM tokens only, not for Route53's two calls in a row
  /// (the hosted zone is needed only when the parent refers nowhere).
  @Test func dkimQuestionsDoNotWaitForRoute53() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    try await lab.start()
    let settings = lab.settings()
    let real = await AWSFacts.gather(client: lab.client, settings: settings)
    let client = DNSClient(deadline: ContinuousClock.now + .seconds(1200))
    // The hosted zone answers only once the DNS facts are in (or after ten minutes), so facts
    // that waited for it arrive after it did: no wall-clock bound a busy machine could reach.
    let gathered = Atomic<Bool>(false)
    let answeredFirst = Atomic<Bool>(false)
    let dns = await DNSCheck(settings: settings, aws: lab.client).gatherDNS(
      client: client,
      hostedZone: {
        let giveUp = ContinuousClock.now + .seconds(600)
        while !gathered.load(ordering: .acquiring), ContinuousClock.now < giveUp {
          try? await Task.sleep(for: .milliseconds(100))
        }
        if !gathered.load(ordering: .acquiring) { answeredFirst.store(true, ordering: .releasing) }
        return real.hostedZone
      }, dkim: { real.dkim })
    gathered.store(true, ordering: .releasing)
    let waited = answeredFirst.load(ordering: .acquiring)
    #expect(!waited, "the records waited for the hosted zone")
    let records = try #require(dns.records)
    #expect(records.dkim.count == 3)
    #expect(records.dkim.values.allSatisfy { (try? $0.get())?.answer.isEmpty == false })
  }
}
