using System.Management.Automation;
using CloudWatcher.IO;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that write files: -Path (PowerShell paths, relative to the current location), -Force to
/// replace, -PassThru for the FileInfo, -WhatIf/-Confirm, and atomic writes (temp file + rename).
/// </summary>
public abstract class FileExportCmdlet : CmdletBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Replace a file that exists already.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the FileInfo of each written file to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>A file system path for -Path, resolved against PowerShell's current location.</summary>
    protected string ResolveFilePath(string path) => ResolveFileSystemPath(path, "Path");

    /// <summary>Writes one file unless -WhatIf or the user declines; failures are non-terminating errors for that file.</summary>
    protected bool WriteFile(string fullPath, string description, Action<Stream> write)
    {
        if (!ShouldProcess(fullPath, description))
        {
            return false;
        }
        try
        {
            AtomicFile.Write(fullPath, Force, write);
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            WriteFailure(ex, fullPath);
            return false;
        }
        WriteVerbose($"Wrote {fullPath}.");
        if (PassThru)
        {
            WriteObject(new FileInfo(fullPath));
        }
        return true;
    }
}
