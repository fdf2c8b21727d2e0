using FaultLab.Settings;

namespace FaultLab.Verify.Checks;

/// <summary>Requires keys of the laptop's device state to hold given values, e.g. <c>device: { diskEncryption: true }</c>.</summary>
[VerifyCheckKind("device")]
public sealed class DeviceCheck(VerifyArguments arguments)
    : SettingsCheck(arguments, perLaptop: true, "device", SettingsDocument.DefaultDevice)
{
    protected override SettingsDocument DocumentOf(IVerifyContext context) => context.Device;
}
