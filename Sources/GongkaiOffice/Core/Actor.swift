import GongkaiCore
import GongkaiStore

/// Who is doing something: a logged-in staff member, a member of the public (by network address), or someone at the
/// command line (who has the database in hand, so may do everything, and is named in the audit log).
public struct Actor: Sendable {
    public enum Kind: Sendable {
        case staff(StaffUser)
        case visitor
        case commandLine
    }

    public let kind: Kind
    /// The name written in the audit log.
    public let name: String
    /// The network address (web), for limits and the audit log.
    public let address: String?

    public static func staff(_ user: StaffUser, address: String? = nil) -> Actor {
        Actor(kind: .staff(user), name: user.username, address: address)
    }

    public static func visitor(address: String) -> Actor { Actor(kind: .visitor, name: "在线申请", address: address) }

    /// `gongkai …` at the command line: `--by NAME`, else the operating-system user.
    public static func commandLine(_ name: String?) -> Actor {
        Actor(kind: .commandLine, name: name.flatMap { $0.isEmpty ? nil : $0 } ?? "命令行（\(Self.systemUser)）", address: nil)
    }

    private static var systemUser: String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "未知用户"
    }

    public var user: StaffUser? {
        if case let .staff(user) = kind { return user }
        return nil
    }

    /// Whether the actor may do something in an agency: a staff member by their roles there (or reaching down from
    /// above), someone at the command line always.
    public func may(_ permission: Permission, in agency: Agency) -> Bool {
        switch kind {
        case let .staff(user): user.may(permission, in: agency)
        case .visitor: false
        case .commandLine: true
        }
    }

    /// Whether the actor may do something in at least one agency (the installation's own pages, such as the report
    /// checker, need it somewhere).
    public func mayAnywhere(_ permission: Permission, among agencies: [Agency]) -> Bool {
        agencies.contains { may(permission, in: $0) }
    }

    /// Refuses the actor without the permission in the agency, naming the roles that have it.
    public func require(_ permission: Permission, in agency: Agency) throws(OfficeError) {
        guard may(permission, in: agency) else {
            if case .visitor = kind { throw .unauthenticated("请先登录") }
            let roles = permission.roles.map(\.displayName).joined(separator: "、")
            if case let .staff(user) = kind, user.roles(in: agency).isEmpty {
                throw .forbidden("您在「\(agency.name.isEmpty ? agency.code : agency.name)」没有角色，不能\(permission.displayName)")
            }
            throw .forbidden("需要「\(permission.displayName)」权限（\(roles)）")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
