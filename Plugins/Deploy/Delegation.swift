@_spi(RootmailHost) import RootmailKit

/// The hosted zone's name servers where they must be known: the NS delegation in the parent
/// zone (`--parent-zone-id`, waiting until Route53 reports INSYNC), the SSM parameter
/// `/rootmail/domain_name_servers` (as awscdk-rootmail keeps it), or a block to paste at the
/// DNS provider that holds the parent domain.
struct Delegation: Sendable {
  let env: DeployEnvironment
  var route53: Route53 { env.aws.route53 }

  /// Refuses zones that do not fit: an existing zone of another name, a parent zone that is
  /// not the parent (exit 78). Read-only.
  func checkZones() async throws {
    if !env.ambiguousZones.isEmpty { throw ExistingResources.ambiguous(env.ambiguousZones, name: env.zoneName) }
    if let id = env.settings.existingZoneID {
      let zone = try await route53.getHostedZone(id)
      guard sameName(zone.name, env.zoneName) else {
        throw CLIError.configuration(
          "--hosted-zone-id \(id) is the zone of \(zone.name), not of \(env.zoneName)",
          hint: "name the zone of \(env.zoneName), or leave --hosted-zone-id out and the stack makes one")
      }
    }
    if let parentID = env.settings.parentZoneID {
      let parent = try await route53.getHostedZone(parentID)
      let parentName = parent.name.hasSuffix(".") ? String(parent.name.dropLast()) : parent.name
      guard env.zoneName.lowercased().hasSuffix("." + parentName.lowercased()) else {
        throw CLIError.configuration(
          "--parent-zone-id \(parentID) is the zone of \(parent.name), which is not a parent of \(env.zoneName)",
          hint: "name the hosted zone of \(env.settings.domain)")
      }
    }
  }

  func nameServers(zoneID: String) async throws -> [String] {
    try await route53.getHostedZone(zoneID).nameServers
  }

  var delegationRecordName: String { env.zoneName + "." }

  /// What this part would change (read-only); `zoneID` nil: the zone is not made yet.
  func pending(zoneID: String?) async throws -> [String] {
    guard let zoneID else {
      return (env.settings.parentZoneID == nil ? [] : ["NS delegation"]) + ["SSM \(DeploySettings.nameServersParameter)"]
    }
    let servers = try await nameServers(zoneID: zoneID)
    var out: [String] = []
    if let parentID = env.settings.parentZoneID, try await !delegated(parentID: parentID, servers: servers) {
      out.append("NS delegation in \(parentID)")
    }
    if try await env.aws.ssm.getParameter(DeploySettings.nameServersParameter)?.value != servers.joined(separator: ",") {
      out.append("SSM \(DeploySettings.nameServersParameter)")
    }
    return out
  }

  /// Whether the parent zone's NS record for the subdomain has exactly `servers`.
  func delegated(parentID: String, servers: [String]) async throws -> Bool {
    let records = try await route53.listResourceRecordSets(
      zoneID: parentID, startName: delegationRecordName, startType: "NS", maxItems: 1
    ).records
    guard let ns = records.first(where: { sameName($0.name, delegationRecordName) && $0.type == "NS" }) else { return false }
    return Set(ns.values.map { $0.lowercased().trimmingDot }) == Set(servers.map { $0.lowercased().trimmingDot })
  }

  /// Applies the delegation (or prints the block) and the parameter; returns the name servers.
  @discardableResult
  func apply(zoneID: String, state: DeployState) async throws -> [String] {
    let servers = try await nameServers(zoneID: zoneID)
    let progress = env.progress
    if let parentID = env.settings.parentZoneID {
      let record = Route53.RecordSet(name: delegationRecordName, type: "NS", ttl: 172_800, values: servers)
      if try await delegated(parentID: parentID, servers: servers) {
        try await state.finish([StateKey.record(zone: parentID, record)])
        progress.step(.unchanged, "NS delegation in \(parentID)", env.zoneName)
      } else {
        progress.step(.waiting, "NS delegation in \(parentID)", "until Route53 reports INSYNC")
        try await RecordChange(env: env, zoneID: parentID).upsert(
          [record], state: state, comment: "rootmail deploy: delegate \(env.zoneName)")
        progress.step(.created, "NS delegation in \(parentID)", "\(env.zoneName) → \(servers.joined(separator: ", "))")
      }
    }
    let value = servers.joined(separator: ",")
    let name = DeploySettings.nameServersParameter
    let current = try await env.aws.ssm.getParameter(name)
    if current?.value == value {
      try await state.finish([StateKey.parameter(name)])
      progress.step(.unchanged, "SSM \(name)")
    } else {
      let before = current.map { JSONValue.object([("value", .string($0.value)), ("type", .string($0.type))]) }
      try await state.change(StateKey.parameter(name), created: current == nil, before: before) {
        try await env.aws.ssm.putParameter(
          name, value: value, type: "StringList", overwrite: true,
          description: "name servers of \(env.zoneName) (rootmail deploy)")
      }
      progress.step(.updated, "SSM \(name)", value)
    }
    if env.settings.parentZoneID == nil { printBlock(servers) }
    return servers
  }

  /// The NS records to add at the DNS provider, ready to paste (data, on stdout).
  func printBlock(_ servers: [String]) {
    env.progress.note(
      "Add these records to the zone of \(env.settings.domain) at your DNS provider (then: rootmail dns check --wait):")
    for server in servers {
      env.context.print("\(delegationRecordName) 172800 IN NS \(server.trimmingDot).")
    }
  }
}

extension String {
  /// The name without its final dot.
  var trimmingDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
