lockorder::hierarchy! {
    pub Semester > UserLicense > Semester;
    pub Bank > Account > Account;
}

fn main() {}
