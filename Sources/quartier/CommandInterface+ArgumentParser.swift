import ArgumentParser
import QuartierService

/// The command line's side of `CommandInterface`: each `@Option`, `@Flag` and `@Argument` of the single commands
/// takes its help, details and value name from the command's declaration (`Sources/QuartierService/Commands`), and
/// its default from the declared default (`defaultString`, `defaultInteger`, …), so the flag, the server's process
/// input and the docs' table say the same. `CommandInterfaceTests` compares them through `--experimental-dump-help`.
extension CommandInterface {
    /// ArgumentParser's help of the field `name`: its line, its details as the discussion, its value name.
    func argumentHelp(_ name: String) -> ArgumentHelp {
        let field = field(name)
        return ArgumentHelp(field.help, discussion: field.details, valueName: field.valueName)
    }

    /// The configuration of the command: its name and abstract.
    var configuration: CommandConfiguration { CommandConfiguration(commandName: name, abstract: abstract) }

    /// The fields shared by the commands whose primary input is `--areas` (`AreaOptions`).
    static let area = CommandInterface("area", abstract: "", fields: areaFields)
}
